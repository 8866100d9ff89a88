using System.Text;
using Mirage.Commands.Common;

namespace Mirage.Commands.FileSystem;

/// <summary>env: prints the environment, or runs a command in a changed one (-i, -u NAME, NAME=VALUE).</summary>
public sealed class EnvCommand() : GnuCommand("env")
{
    private static readonly ArgParser Options = new("+i0u:C:", "ignore-environment=i", "null=0", "unset=u", "chdir=C", "help", "version");

    protected override ArgParser Parser => Options;

    protected override string Authors => "Richard Mlynarik, David MacKenzie, and Assaf Gordon";

    protected override string Help => "Usage: env [OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]\nSet each NAME to VALUE in the environment and run COMMAND.\n";

    /// <summary>A lone "-" means -i.</summary>
    protected override IReadOnlyList<string> RewriteArguments(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        var result = new List<string>();
        var i = 0;
        for (; i < arguments.Count && arguments[i].StartsWith('-'); i++)
        {
            if (arguments[i] == "--")
            {
                break;
            }
            result.Add(arguments[i] == "-" ? "-i" : arguments[i]);
            if (arguments[i] is "-u" or "-C" or "--unset" or "--chdir" && i + 1 < arguments.Count) result.Add(arguments[++i]);
        }
        result.AddRange(arguments.Skip(i));
        return result;
    }

    private static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    protected override async ValueTask<int> ExecuteAsync(CommandIO io, ParsedArguments arguments)
    {
        var environment = arguments.Has("i") ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(io.Context.Environment, StringComparer.Ordinal);
        foreach (var name in arguments.Values("u")) environment.Remove(name);
        var operands = arguments.Operands.ToList();
        var index = 0;
        var order = new List<string>(environment.Keys);
        for (; index < operands.Count && operands[index].Contains('=', StringComparison.Ordinal); index++)
        {
            var equals = operands[index].IndexOf('=');
            var name = operands[index][..equals];
            if (!environment.ContainsKey(name)) order.Add(name);
            environment[name] = operands[index][(equals + 1)..];
        }
        if (index == operands.Count)
        {
            var end = arguments.Has("0") ? "\0" : "\n";
            foreach (var name in order)
            {
                if (environment.TryGetValue(name, out var value)) await io.Out.WriteAsync(name + "=" + value + end).ConfigureAwait(false);
            }
            return 0;
        }
        if (arguments.Has("0"))
        {
            await io.ErrorAsync("cannot specify --null (-0) with command").ConfigureAwait(false);
            return await io.UsageErrorAsync(null, 125).ConfigureAwait(false);
        }
        await io.Out.FlushAsync().ConfigureAwait(false);
        var context = io.Context;
        var command = operands.Skip(index).ToList();
        var changes = new StringBuilder();
        foreach (var name in context.Environment.Keys.Where(k => !environment.ContainsKey(k)))
        {
            if (IsName(name)) changes.Append("unset ").Append(name).Append("; ");
        }
        foreach (var (name, value) in environment)
        {
            if (IsName(name) && (!context.Environment.TryGetValue(name, out var old) || old != value))
                changes.Append("export ").Append(name).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append("'; ");
        }
        // The runner starts commands with the caller's variables; a changed environment goes through a shell that sets it first.
        var argv = changes.Length == 0 ? command : ["bash", "-c", changes + "\"$@\"", "env", .. command];
        return await context.Runner.RunAsync(argv, context.Stdin, context.Stdout, context.Stderr, io.CancellationToken).ConfigureAwait(false);
    }
}
