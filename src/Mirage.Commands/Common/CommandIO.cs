using System.Text;
using Mirage.Vfs;

namespace Mirage.Commands.Common;

/// <summary>What a running command needs at hand: buffered stdout, GNU-voiced errors, operands resolved against the tree.</summary>
public sealed class CommandIO
{
    public CommandIO(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Out = new OutputWriter(context.Stdout, context.CancellationToken);
    }

    public CommandContext Context { get; }

    /// <summary>The name errors start with (argv[0]).</summary>
    public string Name => Context.Name;

    public OutputWriter Out { get; }

    /// <summary>diffutils print "name: Try 'name --help'..."; coreutils print the Try line bare.</summary>
    public bool PrefixTryLine { get; set; }

    public IResource Files => Context.Files;

    public CancellationToken CancellationToken => Context.CancellationToken;

    public VPath Resolve(string operand) => Context.ResolvePath(operand);

    public string? GetEnvironment(string name) => Context.Environment.TryGetValue(name, out var value) ? value : null;

    /// <summary>Writes "name: message" to stderr. Stdout is flushed first so interleaving matches a line-buffered tool.</summary>
    public async ValueTask ErrorAsync(string message)
    {
        await Out.FlushAsync().ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetBytes(Name + ": " + message + "\n");
        await Context.Stderr.WriteAsync(bytes, CancellationToken).ConfigureAwait(false);
        await Context.Stderr.FlushAsync(CancellationToken).ConfigureAwait(false);
    }

    /// <summary>"name: message" plus the "Try 'name --help'" line; returns <paramref name="status"/>.</summary>
    public async ValueTask<int> UsageErrorAsync(string? message, int status = 1)
    {
        if (message is not null) await ErrorAsync(message).ConfigureAwait(false);
        await WriteStderrAsync($"{(PrefixTryLine ? Name + ": " : "")}Try '{Name} --help' for more information.\n").ConfigureAwait(false);
        return status;
    }

    public async ValueTask WriteStderrAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await Context.Stderr.WriteAsync(bytes, CancellationToken).ConfigureAwait(false);
    }

    /// <summary>"name: operand: reason" with the operand quoted only when needed, as most coreutils report file errors.</summary>
    public ValueTask FileErrorAsync(string operand, Exception error) => ErrorAsync($"{Quoting.ShellIfNeeded(operand)}: {Reason(error)}");

    /// <summary>The errno text for a failure.</summary>
    public static string Reason(Exception error) => error switch
    {
        ResourceException resource => resource.Reason,
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => error.Message,
    };

    /// <summary>stat(2) of an operand: symbolic links are followed.</summary>
    public ValueTask<EntryInfo?> StatAsync(string operand) => FollowAsync(Resolve(operand));

    /// <summary>stat(2): the entry a path names after following symbolic links (null when absent or dangling).</summary>
    public async ValueTask<EntryInfo?> FollowAsync(VPath path)
    {
        for (var hops = 0; hops < 40; hops++)
        {
            var info = await Files.StatAsync(path, CancellationToken).ConfigureAwait(false);
            if (info is null || info.Kind != EntryKind.Symlink || info.LinkTarget is null) return info;
            path = VPath.Combine(path.Parent, info.LinkTarget);
        }
        throw new ResourceException(ResourceError.TooManyLinks, path);
    }

    /// <summary>
    /// Opens an input operand: "-" is stdin (left open for the next reader), anything else a file of the tree.
    /// Directories fail with "Is a directory" as read(2) does.
    /// </summary>
    public async ValueTask<Stream> OpenInputAsync(string operand, ByteRange range = default)
    {
        if (operand == "-") return new NonClosingStream(Context.Stdin);
        var path = Resolve(operand);
        var info = await FollowAsync(path).ConfigureAwait(false) ?? throw ResourceException.NotFound(path);
        if (info.IsDirectory) throw ResourceException.IsADirectory(path);
        return await Files.OpenReadAsync(path, range, CancellationToken).ConfigureAwait(false);
    }
}
