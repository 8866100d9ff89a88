using Mirage.Configuration;
using Mirage.Vfs;
using Mirage.Vfs.Disk;
using Mirage.Vfs.Ram;

namespace Mirage.Tests;

public sealed class WorkspaceConfigTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void Mounts_modes_and_environment_are_read()
    {
        var folder = Directory.CreateTempSubdirectory("mirage-config-").FullName;
        try
        {
            var config = WorkspaceConfig.Parse($$"""
                id: demo
                mounts:
                  /data:
                    type: ram
                  /docs:
                    type: disk
                    mode: read
                    config:
                      root: {{folder}}
                env:
                  PROJECT: "${NAME:-fallback}"
                """, environment: NoEnvironment);
            Assert.Equal("demo", config.Id);
            Assert.Equal(2, config.Mounts.Count);
            Assert.IsType<RamResource>(config.Mounts[0].Resource);
            var docs = config.Mounts.Single(m => m.Prefix == VPath.Parse("/docs"));
            Assert.IsType<DiskResource>(docs.Resource);
            Assert.Equal(MountMode.Read, docs.Mode);
            Assert.Equal("fallback", config.Environment["PROJECT"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Environment_variables_are_substituted()
    {
        var config = WorkspaceConfig.Parse("""
            mounts:
              /data: { type: ram }
            env:
              TOKEN: "${SECRET}"
              MIXED: "a-${SECRET}-b"
            """, environment: name => name == "SECRET" ? "s3cr3t" : null);
        Assert.Equal("s3cr3t", config.Environment["TOKEN"]);
        Assert.Equal("a-s3cr3t-b", config.Environment["MIXED"]);
    }

    [Fact]
    public void Every_missing_variable_is_reported_at_once_with_its_line()
    {
        var error = Assert.Throws<ConfigurationException>(() => WorkspaceConfig.Parse("""
            mounts:
              /data: { type: ram }
            env:
              A: "${FIRST}"
              B: "${SECOND}"
            """, "ws.yaml", environment: NoEnvironment));
        Assert.Equal(2, error.Errors.Count);
        Assert.Equal("ws.yaml:4: env.A: environment variable FIRST is not set", error.Errors[0]);
        Assert.Equal("ws.yaml:5: env.B: environment variable SECOND is not set", error.Errors[1]);
    }

    [Fact]
    public void Unknown_keys_name_the_key_the_file_and_the_line()
    {
        var error = Assert.Throws<ConfigurationException>(() => WorkspaceConfig.Parse("""
            mounts:
              /data:
                type: ram
                moed: read
            """, "ws.yaml", environment: NoEnvironment));
        var message = Assert.Single(error.Errors);
        Assert.StartsWith("ws.yaml:4: mounts./data.moed: unknown key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_values_and_unknown_types_are_errors()
    {
        var error = Assert.Throws<ConfigurationException>(() => WorkspaceConfig.Parse("""
            mounts:
              /a: { type: ram, mode: admin }
              /b: { type: ftp }
              c: { type: ram }
            """, "ws.yaml", environment: NoEnvironment));
        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("ws.yaml:2: mounts./a.mode: expected read, write or exec", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("ws.yaml:3: mounts./b.type: unknown mount type 'ftp'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("ws.yaml:4: mounts.c: a mount prefix must start with '/'", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_names_the_line()
    {
        var error = Assert.Throws<ConfigurationException>(() => WorkspaceConfig.Parse("mounts:\n  /data: { type: ram\n", "ws.yaml", environment: NoEnvironment));
        Assert.StartsWith("ws.yaml:", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_disk_mount_without_its_root_is_an_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => WorkspaceConfig.Parse("""
            mounts:
              /docs: { type: disk }
            """, "ws.yaml", environment: NoEnvironment));
        Assert.Contains("root: required key is missing", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("100", 100L)]
    public void Sizes_read_with_units(string text, long expected)
    {
        Assert.True(Mirage.Vfs.Caching.ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }
}
