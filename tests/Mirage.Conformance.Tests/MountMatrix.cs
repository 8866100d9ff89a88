namespace Mirage.Conformance.Tests;

/// <summary>The remote backends a matrix column puts the working tree on.</summary>
public enum MatrixBackend
{
    S3,
    Redis,
    Ssh,
}

/// <summary>
/// Which cases the mount matrix runs: those about commands over files (the shell-language cases and the commands that
/// never touch a file are the same on every mount, so the RAM run covers them), minus what a backend cannot honour.
/// </summary>
public static class MountMatrix
{
    /// <summary>Areas that never reach the working tree: the shell language itself, and commands over their arguments only.</summary>
    private static readonly HashSet<string> TreeFreeAreas = new(StringComparer.Ordinal)
    {
        "bc", "date", "echo", "expr", "printf", "seq", "numfmt", "basename", "dirname", "divergences",
    };

    public static TheoryData<string> CaseIds(MatrixBackend backend)
    {
        var data = new TheoryData<string>();
        foreach (var testCase in Cases(backend)) data.Add(testCase.Id);
        return data;
    }

    public static IEnumerable<ConformanceCase> Cases(MatrixBackend backend) =>
        ConformanceRunner.AllCases.Where(c => IsAboutFiles(c) && ExclusionFor(backend, c) is null);

    private static bool IsAboutFiles(ConformanceCase testCase) =>
        testCase.Divergence is null // documented differences are checked by the RAM run
        && !testCase.Area.StartsWith("shell-", StringComparison.Ordinal)
        && !TreeFreeAreas.Contains(testCase.Area);

    /// <summary>Why <paramref name="testCase"/> does not run over <paramref name="backend"/>, or null when it does.</summary>
    public static string? ExclusionFor(MatrixBackend backend, ConformanceCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var exclusions = backend switch
        {
            MatrixBackend.S3 => S3Exclusions,
            MatrixBackend.Redis => RedisExclusions,
            _ => SshExclusions,
        };
        return exclusions.TryGetValue(testCase.Id, out var reason) || exclusions.TryGetValue(testCase.Area + "/", out reason) ? reason : null;
    }

    // Keys are case ids ("area/name") or whole areas ("area/"); each group carries the one reason the backend cannot honour it.

    private static readonly string[] LinkCases =
    [
        "symlink/", "misc/symlink-roundtrip", "misc/readlink-f-through-link", "misc/symlink-force", "misc/symlink-verbose",
        "chmod/dangling-symlink", "chmod/symlink-operand-followed", "chmod/recursive-skips-links", "chmod/recursive-verbose-link",
    ];

    private static readonly string[] ModeCases =
    [
        "chmod/", "cp/mode-existing-target-kept", "cp/mode-of-new-copy", "cp/mode-setuid-dropped", "cp/no-preserve-mode",
        "cp/preserve-mode-archive", "cp/preserve-mode-p", "cp/preserve-mode-list", "cp/recursive-modes", "find/executable-after-chmod",
        "find/perm-after-chmod", "find/perm-capital-x", "mkdir/mode", "mkdir/mode-octal", "mkdir/mode-symbolic", "mkdir/mode-verbose",
        "mkdir/mode-with-parents", "mkdir/mode-beyond-umask", "mkdir/mode-no-who", "mkdir/mode-special-bits", "mkdir/mode-sticky",
        "stat/access-line", "stat/changed-mode", "ls/long-changed-modes", "mv/keeps-mode", "mv/keeps-mode-across-mounts",
        "tar/modes-restored-over-existing", "tar/modes-roundtrip", "umask/", "install/default-mode", "install/mode-octal",
        "install/mode-symbolic-from-zero", "install/verbose", "install/directories", "install/directories-mode-verbose",
        "install/directory-existing-gets-mode", "install/create-leading", "install/into-directory", "install/umask-ignored",
    ];

    private static readonly string[] SetTimeCases =
    [
        "touch/date", "touch/date-epoch", "touch/stamp", "touch/stamp-short", "touch/reference", "touch/directory", "touch/modify-only",
        "touch/relative-date", "touch/iso-t", "ls/long-no-owner-fixed-time", "ls/long-directory-fixed-time", "ls/full-time",
        "ls/sort-by-time", "ls/sort-by-time-reverse", "ls/long-human", "stat/times", "cp/preserve-times", "cp/update-older-target", "cp/update-newer-target",
        "find/mtime-old", "find/newer", "install/preserve-timestamps",
    ];

    private static readonly string[] DirectoryLinkCountCases = ["stat/format", "stat/directory-links", "find/links-dir"];

    private static readonly string[] SpecialBitCases =
    [
        "chmod/ls-long-modes", "chmod/setgid-kept-on-directory", "chmod/setuid-sticky", "cp/preserve-mode-list", "ls/long-changed-modes",
        "mkdir/mode-no-who", "mkdir/mode-special-bits", "mkdir/mode-sticky", "stat/changed-mode", "tar/modes-roundtrip",
    ];

    private const string RemoteLinkCount =
        "directory link counts are 1 on remote mounts, as counting subdirectories would list every directory (FileFacts.DirectoryLinksAsync)";

    private static readonly Dictionary<string, string> S3Exclusions = Reasons(
        (LinkCases, "S3 keeps no symbolic links"),
        (ModeCases, "S3 keeps no permission modes (chmod, mkdir -m, cp -p)"),
        (SetTimeCases, "S3 sets an object's modification time itself, on upload; touch -d/-t/-r and cp -p cannot set it"),
        (DirectoryLinkCountCases, RemoteLinkCount));

    private static readonly Dictionary<string, string> RedisExclusions = Reasons(
        (LinkCases, "the Redis mount keeps no symbolic links"),
        (ModeCases, "the Redis mount keeps no permission modes (chmod, mkdir -m, cp -p)"),
        (DirectoryLinkCountCases, RemoteLinkCount));

    private static readonly Dictionary<string, string> SshExclusions = Reasons(
        (LinkCases, "the SFTP mount offers no symbolic links"),
        (SpecialBitCases, "SSH.NET sets only the nine permission bits over SFTP: setuid, setgid and sticky cannot be set"),
        (DirectoryLinkCountCases, RemoteLinkCount));

    /// <summary>Every exclusion key of <paramref name="backend"/>: a case id or an area ending in '/'.</summary>
    public static IEnumerable<string> ExclusionKeys(MatrixBackend backend) => backend switch
    {
        MatrixBackend.S3 => S3Exclusions.Keys,
        MatrixBackend.Redis => RedisExclusions.Keys,
        MatrixBackend.Ssh => SshExclusions.Keys,
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    private static Dictionary<string, string> Reasons(params (string[] Cases, string Reason)[] groups)
    {
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cases, reason) in groups)
        {
            foreach (var id in cases) reasons.Add(id, reason);
        }
        return reasons;
    }
}
