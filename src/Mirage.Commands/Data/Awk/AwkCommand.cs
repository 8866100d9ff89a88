using System.Text;
using Mirage.Commands.Common;
using Mirage.Commands.Text.Shared;
using Mirage.Vfs;

namespace Mirage.Commands.Data.Awk;

/// <summary>GNU awk 5.2: lexer, parser and tree-walking interpreter. Runs on a thread of its own so its I/O can block.</summary>
public sealed class AwkCommand(string name) : ICommand
{
    public string Name { get; } = name;

    public async ValueTask<int> RunAsync(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var io = new CommandIO(context);
        var assignments = new List<(string Name, string Value)>();
        var sources = new List<(string Text, string Name)>();
        string? fieldSeparator = null;
        var arguments = context.Arguments;
        var index = 0;
        while (index < arguments.Count)
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                index++;
                break;
            }
            if (argument.Length < 2 || argument[0] != '-') break;
            string? TakeValue(string option)
            {
                if (argument.Length > option.Length) return argument[option.Length..];
                if (index + 1 < arguments.Count) return arguments[++index];
                return null;
            }
            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = argument.IndexOf('=');
                var longName = equals > 0 ? argument[2..equals] : argument[2..];
                var inline = equals > 0 ? argument[(equals + 1)..] : null;
                string? LongValue() => inline ?? (index + 1 < arguments.Count ? arguments[++index] : null);
                switch (longName)
                {
                    case "field-separator": fieldSeparator = LongValue(); break;
                    case "assign":
                        {
                            var value = LongValue() ?? "";
                            var eq = value.IndexOf('=');
                            if (eq <= 0) return await UsageAsync(io, $"`{value}' argument to `-v' not in `var=value' form").ConfigureAwait(false);
                            assignments.Add((value[..eq], value[(eq + 1)..]));
                            break;
                        }
                    case "file":
                        {
                            var file = LongValue();
                            if (file is null) return await UsageAsync(io, "option requires an argument -- f").ConfigureAwait(false);
                            var text = await ReadProgramFileAsync(io, file).ConfigureAwait(false);
                            if (text is null) return 2;
                            sources.Add((text, file));
                            break;
                        }
                    case "source": sources.Add((Latin1.FromArgument(LongValue() ?? ""), "cmd. line")); break;
                    case "version":
                        await io.Out.WriteAsync("GNU Awk 5.2.1, API 3.2, PMA Avon 8-g1, (GNU MPFR 4.2.0, GNU MP 6.2.1)\nCopyright (C) 1989, 1991-2022 Free Software Foundation.\n").ConfigureAwait(false);
                        await io.Out.FlushAsync().ConfigureAwait(false);
                        return 0;
                    case "posix" or "traditional" or "re-interval" or "lint" or "characters-as-bytes" or "sandbox" or "use-lc-numeric" or "non-decimal-data":
                        break;
                    default:
                        return await UsageAsync(io, $"unrecognized option '{argument}'").ConfigureAwait(false);
                }
                index++;
                continue;
            }
            switch (argument[1])
            {
                case 'F':
                    fieldSeparator = TakeValue("-F");
                    if (fieldSeparator is null) return await UsageAsync(io, "option requires an argument -- F").ConfigureAwait(false);
                    break;
                case 'v':
                    {
                        var value = TakeValue("-v");
                        if (value is null) return await UsageAsync(io, "option requires an argument -- v").ConfigureAwait(false);
                        var eq = value.IndexOf('=');
                        if (eq <= 0)
                        {
                            await WriteErrorAsync(context, $"{Name}: `{value}' argument to `-v' not in `var=value' form\n\n").ConfigureAwait(false);
                            await WriteErrorAsync(context, Usage()).ConfigureAwait(false);
                            return 2;
                        }
                        assignments.Add((value[..eq], value[(eq + 1)..]));
                        break;
                    }
                case 'f':
                    {
                        var file = TakeValue("-f");
                        if (file is null) return await UsageAsync(io, "option requires an argument -- f").ConfigureAwait(false);
                        var text = await ReadProgramFileAsync(io, file).ConfigureAwait(false);
                        if (text is null) return 2;
                        sources.Add((text, file));
                        break;
                    }
                case 'e':
                    sources.Add((Latin1.FromArgument(TakeValue("-e") ?? ""), "cmd. line"));
                    break;
                case 'V':
                    await io.Out.WriteAsync("GNU Awk 5.2.1, API 3.2, PMA Avon 8-g1, (GNU MPFR 4.2.0, GNU MP 6.2.1)\n").ConfigureAwait(false);
                    await io.Out.FlushAsync().ConfigureAwait(false);
                    return 0;
                case 'P' or 'c' or 'r' or 'b' or 'N' or 'S' or 'O' or 'M' when argument.Length == 2:
                    break;
                default:
                    return await UsageAsync(io, $"invalid option -- '{argument[1]}'").ConfigureAwait(false);
            }
            index++;
        }
        if (sources.Count == 0)
        {
            if (index >= arguments.Count)
            {
                await WriteErrorAsync(context, Usage()).ConfigureAwait(false);
                return 1;
            }
            sources.Add((Latin1.FromArgument(arguments[index++]), "cmd. line"));
        }
        var sourceText = string.Join("\n", sources.Select(s => s.Text));
        var sourceName = sources[0].Name;
        var parser = new AwkParser(sourceText);
        var assignmentSlots = new List<(int Slot, string Value)>();
        foreach (var (variable, value) in assignments)
        {
            if (!IsIdentifier(variable))
            {
                await WriteErrorAsync(context, $"{Name}: fatal: `{variable}' is not a legal variable name\n").ConfigureAwait(false);
                return 2;
            }
            assignmentSlots.Add((parser.Slot(variable), Latin1.FromArgument(value)));
        }
        AwkProgram program;
        try
        {
            program = parser.ParseProgram();
        }
        catch (AwkSyntaxException e)
        {
            await WriteErrorAsync(context, SyntaxErrorText(sourceText, sourceName, e)).ConfigureAwait(false);
            return e.Position == -1 ? 2 : 1;
        }
        var interpreter = new AwkInterpreter(program, context) { CommandName = Name, SourceName = sourceName + ":1" };
        var argv = new List<string> { Name };
        for (var i = index; i < arguments.Count; i++) argv.Add(Latin1.FromArgument(arguments[i]));
        interpreter.SetArguments(argv);
        if (fieldSeparator is not null)
        {
            var separator = Latin1.FromArgument(fieldSeparator);
            interpreter.Assign(3, separator);
        }
        foreach (var (slot, value) in assignmentSlots) interpreter.Assign(slot, value);
        try
        {
            return await Task.Factory.StartNew(interpreter.Run, context.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (BrokenPipeException)
        {
            return 141;
        }
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>gawk's two-line report: the source line, then a caret under the offending token.</summary>
    private string SyntaxErrorText(string source, string sourceName, AwkSyntaxException error)
    {
        if (error.Position == -2) return $"{Name}: {sourceName}:1: error: {error.Message}\n";
        if (error.Position < 0) return $"{Name}: {sourceName}:1: fatal: {error.Message}\n";
        var position = Math.Min(error.Position, source.Length);
        var lineStart = position > 0 ? source.LastIndexOf('\n', position - 1) + 1 : 0;
        if (position < source.Length && source[position] == '\n' && position == lineStart && lineStart > 0)
            lineStart = source.LastIndexOf('\n', position - 1 - 0 > 0 ? position - 1 : 0) + 1;
        var lineEnd = source.IndexOf('\n', lineStart);
        if (lineEnd < 0) lineEnd = source.Length;
        var lineNumber = 1 + source.AsSpan(0, lineStart).Count('\n');
        var prefix = $"{Name}: {sourceName}:{lineNumber}: ";
        var text = new StringBuilder();
        text.Append(prefix).Append(Latin1.ToDisplay(source[lineStart..lineEnd])).Append('\n');
        text.Append(prefix).Append(new string(' ', Math.Max(0, position - lineStart))).Append("^ ").Append(error.Message).Append('\n');
        return text.ToString();
    }

    private async ValueTask<string?> ReadProgramFileAsync(CommandIO io, string file)
    {
        try
        {
            var stream = await io.OpenInputAsync(file).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, io.CancellationToken).ConfigureAwait(false);
                var text = Latin1.GetString(buffer.ToArray());
                return text.EndsWith('\n') ? text[..^1] : text;
            }
        }
        catch (Exception e) when (e is ResourceException or IOException)
        {
            await WriteErrorAsync(io.Context, $"{Name}: fatal: can't open source file `{file}' for reading: {CommandIO.Reason(e)}\n").ConfigureAwait(false);
            return null;
        }
    }

    private async ValueTask<int> UsageAsync(CommandIO io, string message)
    {
        await WriteErrorAsync(io.Context, $"{Name}: {message}\n").ConfigureAwait(false);
        await WriteErrorAsync(io.Context, Usage()).ConfigureAwait(false);
        return 1;
    }

    private string Usage() => UsageText.Replace("{0}", Name, StringComparison.Ordinal).Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal);

    private const string UsageText =
        "Usage: {0} [POSIX or GNU style options] -f progfile [--] file ...\n" +
        "Usage: {0} [POSIX or GNU style options] [--] 'program' file ...\n" +
        "POSIX options:\t\tGNU long options: (standard)\n" +
        "\t-f progfile\t\t--file=progfile\n" +
        "\t-F fs\t\t\t--field-separator=fs\n" +
        "\t-v var=val\t\t--assign=var=val\n" +
        "Short options:\t\tGNU long options: (extensions)\n" +
        "\t-b\t\t\t--characters-as-bytes\n" +
        "\t-c\t\t\t--traditional\n" +
        "\t-C\t\t\t--copyright\n" +
        "\t-d[file]\t\t--dump-variables[=file]\n" +
        "\t-D[file]\t\t--debug[=file]\n" +
        "\t-e 'program-text'\t--source='program-text'\n" +
        "\t-E file\t\t\t--exec=file\n" +
        "\t-g\t\t\t--gen-pot\n" +
        "\t-h\t\t\t--help\n" +
        "\t-i includefile\t\t--include=includefile\n" +
        "\t-I\t\t\t--trace\n" +
        "\t-l library\t\t--load=library\n" +
        "\t-L[fatal|invalid|no-ext]\t--lint[=fatal|invalid|no-ext]\n" +
        "\t-M\t\t\t--bignum\n" +
        "\t-N\t\t\t--use-lc-numeric\n" +
        "\t-n\t\t\t--non-decimal-data\n" +
        "\t-o[file]\t\t--pretty-print[=file]\n" +
        "\t-O\t\t\t--optimize\n" +
        "\t-p[file]\t\t--profile[=file]\n" +
        "\t-P\t\t\t--posix\n" +
        "\t-r\t\t\t--re-interval\n" +
        "\t-s\t\t\t--no-optimize\n" +
        "\t-S\t\t\t--sandbox\n" +
        "\t-t\t\t\t--lint-old\n" +
        "\t-V\t\t\t--version\n" +
        "\n" +
        "To report bugs, use the `gawkbug' program.\n" +
        "For full instructions, see the node `Bugs' in `gawk.info'\n" +
        "which is section `Reporting Problems and Bugs' in the\n" +
        "printed version.  This same information may be found at\n" +
        "https://www.gnu.org/software/gawk/manual/html_node/Bugs.html.\n" +
        "PLEASE do NOT try to report bugs by posting in comp.lang.awk,\n" +
        "or by using a web forum such as Stack Overflow.\n" +
        "\n" +
        "gawk is a pattern scanning and processing language.\n" +
        "By default it reads standard input and writes standard output.\n" +
        "\n" +
        "Examples:\n" +
        "\t{0} '{{ sum += $1 }}; END {{ print sum }}' file\n" +
        "\t{0} -F: '{{ print $1 }}' /etc/passwd\n";

    private static async ValueTask WriteErrorAsync(CommandContext context, string text)
    {
        await context.Stderr.WriteAsync(Encoding.UTF8.GetBytes(text), context.CancellationToken).ConfigureAwait(false);
        await context.Stderr.FlushAsync(context.CancellationToken).ConfigureAwait(false);
    }
}
