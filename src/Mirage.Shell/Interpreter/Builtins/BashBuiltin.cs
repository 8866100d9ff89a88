namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>bash -c 'script' [name [args]]</c>, <c>bash FILE [args]</c>, <c>bash</c> (script on stdin); also <c>sh</c>.</summary>
internal static class BashBuiltin
{
    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var shell = context.Shell;
        var arguments = context.Arguments;
        var index = 0;
        string? command = null;
        var options = new List<string>();
        while (index < arguments.Count && arguments[index].Length > 1 && arguments[index][0] is '-' or '+')
        {
            var argument = arguments[index];
            if (argument == "--")
            {
                index++;
                break;
            }

            if (argument is "--norc" or "--noprofile" or "--posix" or "-l" or "--login" or "-i" or "-s")
            {
                index++;
                continue;
            }

            if (argument == "-c")
            {
                index++;
                if (index >= arguments.Count)
                {
                    await context.Shell.WriteErrorAsync($"{context.Name}: -c: option requires an argument\n").ConfigureAwait(false);
                    return 2;
                }

                command = arguments[index++];
                continue;
            }

            if (argument == "-o" && index + 1 < arguments.Count)
            {
                options.Add("-o");
                options.Add(arguments[index + 1]);
                index += 2;
                continue;
            }

            options.Add(argument);
            index++;
        }

        var preamble = options.Count > 0 ? "set " + string.Join(' ', options) + "\n" : "";
        if (command is not null)
        {
            var name = index < arguments.Count ? arguments[index] : context.Name;
            var rest = arguments.Skip(index + 1);
            return await shell.RunChildScriptAsync(preamble + command, name, rest, cancellationToken, commandString: true).ConfigureAwait(false);
        }

        if (index < arguments.Count)
        {
            var file = arguments[index];
            var entry = await shell.StatOrNullAsync(file, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                await context.Shell.WriteErrorAsync($"{context.Name}: {file}: No such file or directory\n").ConfigureAwait(false);
                return 127;
            }

            var source = await shell.ReadTextAsync(file, cancellationToken).ConfigureAwait(false);
            return await shell.RunChildScriptAsync(preamble + source, file, arguments.Skip(index + 1), cancellationToken).ConfigureAwait(false);
        }

        // The script comes from standard input.
        using var buffer = new MemoryStream();
        await context.Io.Stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var text = Mirage.Shell.Syntax.ShellEncoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return await shell.RunChildScriptAsync(preamble + text, context.Name, [], cancellationToken).ConfigureAwait(false);
    }
}
