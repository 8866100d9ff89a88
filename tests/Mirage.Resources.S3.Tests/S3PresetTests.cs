using Amazon.S3;
using Mirage.Configuration;

namespace Mirage.Resources.S3.Tests;

/// <summary>Each <c>preset:</c> turns the names its service documents into the endpoint, region and addressing the SDK gets.</summary>
public sealed class S3PresetTests
{
    [Theory]
    [InlineData("preset: r2\naccount_id: 0123abcd", "https://0123abcd.r2.cloudflarestorage.com", "auto")]
    [InlineData("preset: r2\naccount_id: 0123abcd\njurisdiction: eu", "https://0123abcd.eu.r2.cloudflarestorage.com", "auto")]
    [InlineData("preset: gcs", "https://storage.googleapis.com", "auto")]
    [InlineData("preset: gcs\nregion: europe-west1", "https://storage.googleapis.com", "europe-west1")]
    [InlineData("preset: oci\nnamespace: axk2tenancy\nregion: eu-frankfurt-1", "https://axk2tenancy.compat.objectstorage.eu-frankfurt-1.oraclecloud.com", "eu-frankfurt-1")]
    [InlineData("preset: supabase\nproject_ref: abcdefghijklmnop\nregion: eu-central-1", "https://abcdefghijklmnop.storage.supabase.co/storage/v1/s3", "eu-central-1")]
    [InlineData("preset: minio\nendpoint: http://minio.internal:9000", "http://minio.internal:9000", "us-east-1")]
    public void A_preset_fills_endpoint_region_and_path_style(string keys, string endpoint, string region)
    {
        var options = Read("bucket: data\naccess_key_id: AK\nsecret_access_key: SK\n" + keys + "\n", out var errors);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal((endpoint, region, true), (options.Endpoint, options.Region, options.PathStyle));

        using var client = S3ClientFactory.Create(options, null);
        var config = (AmazonS3Config)client.Config;
        Assert.Equal(new Uri(endpoint), new Uri(config.ServiceURL));
        Assert.Equal(region, config.AuthenticationRegion);
        Assert.True(config.ForcePathStyle);
    }

    [Fact]
    public void Keys_given_explicitly_win_over_the_preset()
    {
        var options = Read("bucket: data\npreset: oci\nnamespace: axk2\nregion: us-ashburn-1\nendpoint: https://axk2.compat.objectstorage.us-ashburn-1.oci.customer-oci.com\npath_style: false\n", out var errors);
        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(("https://axk2.compat.objectstorage.us-ashburn-1.oci.customer-oci.com", "us-ashburn-1", false), (options.Endpoint, options.Region, options.PathStyle));
    }

    [Theory]
    [InlineData("preset: r2", "account_id: required key is missing")]
    [InlineData("preset: oci\nnamespace: axk2", "region: required key is missing")]
    [InlineData("preset: oci\nregion: us-ashburn-1", "namespace: required key is missing")]
    [InlineData("preset: supabase\nregion: eu-central-1", "project_ref: required key is missing")]
    [InlineData("preset: minio", "endpoint: required key is missing")]
    [InlineData("preset: wasabi", "preset: unknown preset 'wasabi' (expected one of: r2, gcs, oci, supabase, minio)")]
    [InlineData("preset: r2\naccount_id: evil.example.com/x", "preset: r2: expected letters, digits and hyphens, got 'evil.example.com/x'")]
    [InlineData("preset: r2\naccount_id: abc\njurisdiction: mars", "preset: r2: expected the jurisdiction eu or fedramp, got 'mars'")]
    [InlineData("preset: gcs\naccount_id: abc", "account_id: unknown key")]
    public void A_preset_with_missing_or_malformed_keys_is_an_error(string keys, string error)
    {
        var options = Read("bucket: data\n" + keys + "\n", out var errors);
        Assert.Contains(errors, e => e.Contains(error, StringComparison.Ordinal));
        if (!error.EndsWith("unknown key", StringComparison.Ordinal)) Assert.Null(options);
    }

    private static S3ResourceOptions? Read(string yaml, out List<string> errors)
    {
        errors = [];
        var reader = new ConfigReader(YamlConfigLoader.Load(yaml, "workspace.yaml", static _ => null), errors);
        var options = S3ResourceRegistration.ReadOptions(reader);
        reader.RejectUnknownKeys();
        return options;
    }
}
