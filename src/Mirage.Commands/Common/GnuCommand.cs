using Mirage.Vfs;

namespace Mirage.Commands.Common;

/// <summary>
/// The frame every GNU-like command shares: parse options with <see cref="ArgParser"/>, report usage errors
/// ("Try 'x --help'..."), answer --help and --version, flush stdout, and turn a closed pipe into status 141.
/// Declare "help" and "version" among the long options to get them.
/// </summary>
public abstract class GnuCommand : ICommand
{
    protected GnuCommand(string name) => Name = name;

    public string Name { get; }

    protected abstract ArgParser Parser { get; }

    /// <summary>The status of a usage error: 1 for most tools, 2 for ls, diff, cmp, grep, sort.</summary>
    protected virtual int UsageErrorStatus => 1;

    /// <summary>"GNU coreutils 9.1", "GNU findutils 4.9.0", ...</summary>
    protected virtual string Package => "GNU coreutils";

    protected virtual string PackageVersion => "9.1";

    protected virtual string Authors => "";

    /// <summary>The usage synopsis and option list printed for --help.</summary>
    protected virtual string Help => $"Usage: {Name} [OPTION]... [FILE]...\n";

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        var io = new CommandIO(context) { PrefixTryLine = Package == "GNU diffutils" };
        try
        {
            var rewritten = RewriteArguments(context.Arguments, out var rewriteError);
            if (rewriteError is not null)
            {
                await io.ErrorAsync(rewriteError).ConfigureAwait(false);
                return UsageErrorStatus;
            }
            if (!Parser.TryParse(rewritten, context.Environment, out var arguments, out var error))
                return await io.UsageErrorAsync(error, UsageErrorStatus).ConfigureAwait(false);
            int status;
            if (arguments.Has("help")) status = await WriteHelpAsync(io).ConfigureAwait(false);
            else if (arguments.Has("version")) status = await WriteVersionAsync(io).ConfigureAwait(false);
            else status = await ExecuteAsync(io, arguments).ConfigureAwait(false);
            await io.Out.FlushAsync().ConfigureAwait(false);
            return status;
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
        catch (ResourceException e)
        {
            await io.ErrorAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // A backend failure nobody expected still ends as a one-line error, never a stack trace.
            await io.ErrorAsync(CommandIO.Reason(e)).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// Turns historical forms ("head -5", "tail +3") into ordinary options before parsing. An error is printed
    /// as "name: error" (add the "Try" line to it when the tool prints one).
    /// </summary>
    protected virtual IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        return arguments;
    }

    protected abstract ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments);

    private async ValueTask<int> WriteHelpAsync(CommandIO io)
    {
        await io.Out.WriteAsync(Help).ConfigureAwait(false);
        return 0;
    }

    private async ValueTask<int> WriteVersionAsync(CommandIO io)
    {
        var text = $"{Name} ({Package}) {PackageVersion}\n" +
            "Copyright (C) 2022 Free Software Foundation, Inc.\n" +
            "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n" +
            "This is free software: you are free to change and redistribute it.\n" +
            "There is NO WARRANTY, to the extent permitted by law.\n";
        if (Authors.Length > 0) text += "\nWritten by " + Authors + ".\n";
        await io.Out.WriteAsync(text).ConfigureAwait(false);
        return 0;
    }
}
