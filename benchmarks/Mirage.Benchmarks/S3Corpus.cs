using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mirage.Resources.S3;
using Mirage.Vfs;

namespace Mirage.Benchmarks;

/// <summary>
/// The benchmark corpus as objects under <c>corpus/data/</c> of the benchmark bucket, uploaded once: a manifest
/// object (<c>corpus/manifest</c>: every file's path and size, and a SHA-256 of all their bytes) is written last,
/// and an upload whose manifest matches the local corpus is reused as it is.
/// </summary>
internal static class S3Corpus
{
    public const string Prefix = "corpus";
    public const string DataPrefix = Prefix + "/data";
    private static readonly VPath ManifestPath = VPath.Parse("/manifest");

    /// <summary>What the upload cost (null when an earlier upload was reused).</summary>
    public sealed record Upload(int Objects, long Bytes, double Seconds);

    /// <summary>Uploads <paramref name="root"/> unless the bucket holds the same corpus already.</summary>
    public static async Task<Upload?> EnsureAsync(string root)
    {
        var manifest = Manifest(root);
        var options = BenchS3.Options(Prefix);
        await BenchS3.EnsureBucketAsync(options).ConfigureAwait(false);
        await using var s3 = new S3Resource(options);
        if (await StoredManifestAsync(s3).ConfigureAwait(false) == manifest.Text) return null;

        Console.Error.WriteLine($"uploading the corpus to s3://{BenchS3.Bucket}/{DataPrefix}/ ({manifest.Files.Count:N0} objects)");
        var clock = Stopwatch.StartNew();
        // The manifest goes first and comes back last, so an interrupted upload is never taken for a complete one.
        if (await s3.StatAsync(ManifestPath).ConfigureAwait(false) is not null) await s3.RemoveAsync(ManifestPath).ConfigureAwait(false);
        if (await s3.StatAsync(VPath.Parse("/data")).ConfigureAwait(false) is not null) await s3.RemoveAsync(VPath.Parse("/data"), recursive: true).ConfigureAwait(false);
        static VPath Target(string relative) => VPath.Parse("/data/" + relative.Replace(Path.DirectorySeparatorChar, '/'));
        foreach (var directory in manifest.Files.Select(static f => Target(f).Parent).Distinct())
            await ResourceOperations.CreateDirectoriesAsync(s3, directory).ConfigureAwait(false);
        await Parallel.ForEachAsync(manifest.Files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (relative, token) =>
        {
            var source = File.OpenRead(Path.Combine(root, relative));
            await using (source.ConfigureAwait(false))
                await s3.WriteAsync(Target(relative), source, cancellationToken: token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        await ResourceOperations.WriteAllBytesAsync(s3, ManifestPath, Encoding.UTF8.GetBytes(manifest.Text)).ConfigureAwait(false);
        return new Upload(manifest.Files.Count, manifest.Bytes, clock.Elapsed.TotalSeconds);
    }

    private static async Task<string?> StoredManifestAsync(S3Resource s3)
    {
        try
        {
            return Encoding.UTF8.GetString(await ResourceOperations.ReadAllBytesAsync(s3, ManifestPath).ConfigureAwait(false));
        }
        catch (ResourceException e) when (e.Error == ResourceError.NotFound)
        {
            return null;
        }
    }

    private sealed record CorpusManifest(IReadOnlyList<string> Files, long Bytes, string Text);

    private static CorpusManifest Manifest(string root)
    {
        var files = Corpus.RelativeFiles(root).ToList();
        var text = new StringBuilder();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long bytes = 0;
        foreach (var relative in files)
        {
            using var file = File.OpenRead(Path.Combine(root, relative));
            text.Append(CultureInfo.InvariantCulture, $"{relative} {file.Length}\n");
            bytes += file.Length;
            int read;
            while ((read = file.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        text.Append(CultureInfo.InvariantCulture, $"sha256 {Convert.ToHexStringLower(hash.GetHashAndReset())}\n");
        return new CorpusManifest(files, bytes, text.ToString());
    }
}
