using System.Globalization;
using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>read [-ers] [-a array] [-d delim] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]</c>.</summary>
internal static class ReadBuiltin
{
    private const string Usage = "read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]";

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var raw = false;
        string? arrayName = null;
        var delimiter = (int)'\n';
        var maxChars = int.MaxValue;
        var exact = false;
        double? timeout = null;
        var fd = 0;
        var arguments = context.Arguments;
        var index = 0;
        while (index < arguments.Count && arguments[index].StartsWith('-') && arguments[index].Length > 1)
        {
            var option = arguments[index];
            if (option == "--")
            {
                index++;
                break;
            }

            for (var k = 1; k < option.Length; k++)
            {
                var letter = option[k];
                if (letter is 'r' or 's' or 'e')
                {
                    raw |= letter == 'r';
                    continue;
                }

                if (letter is not ('a' or 'd' or 'n' or 'N' or 'p' or 't' or 'u' or 'i'))
                {
                    return await context.InvalidOptionAsync("-" + letter, Usage).ConfigureAwait(false);
                }

                string value;
                if (k + 1 < option.Length)
                {
                    value = option[(k + 1)..];
                }
                else if (index + 1 < arguments.Count)
                {
                    value = arguments[++index];
                }
                else
                {
                    await context.ErrorAsync($"-{letter}: option requires an argument").ConfigureAwait(false);
                    return await context.UsageAsync(Usage).ConfigureAwait(false);
                }

                switch (letter)
                {
                    case 'a':
                        arrayName = value;
                        break;
                    case 'd':
                        delimiter = value.Length == 0 ? 0 : Mirage.Shell.Syntax.ShellEncoding.GetBytes(value)[0];
                        break;
                    case 'n' or 'N':
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out maxChars))
                        {
                            await context.ErrorAsync($"{value}: invalid number").ConfigureAwait(false);
                            return 1;
                        }

                        exact = letter == 'N';
                        break;
                    case 't':
                        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                        {
                            await context.ErrorAsync($"{value}: invalid timeout specification").ConfigureAwait(false);
                            return 1;
                        }

                        timeout = seconds;
                        break;
                    case 'u':
                        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out fd) || context.Io.Get(fd) is null)
                        {
                            await context.ErrorAsync($"{value}: invalid file descriptor specification").ConfigureAwait(false);
                            return 1;
                        }

                        break;
                }

                break;
            }

            index++;
        }

        var names = arguments.Skip(index).ToList();
        foreach (var name in names)
        {
            if (!BuiltinContext.IsValidName(name))
            {
                await context.ErrorAsync($"`{name}': not a valid identifier").ConfigureAwait(false);
                return 1;
            }
        }

        var input = ShellInputStream.From(context.Io.Get(fd) ?? Stream.Null);
        if (exact)
        {
            delimiter = -1;
        }

        if (timeout == 0)
        {
            return 0;
        }

        byte[]? data;
        bool complete;
        using (var timer = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            if (timer is not null)
            {
                timer.CancelAfter(TimeSpan.FromSeconds(timeout!.Value));
            }

            try
            {
                (data, complete) = await ReadLogicalLineAsync(input, delimiter, maxChars, raw, timer?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return 142;
            }
        }

        if (data is null)
        {
            // End of input: the variables are emptied.
            Assign(context, names, arrayName, "", []);
            return 1;
        }

        var (text, escaped) = Decode(data, raw);
        Assign(context, names, arrayName, text, escaped);
        return complete ? 0 : 1;
    }

    /// <summary>Reads one record; without -r a backslash-newline continues it.</summary>
    private static async ValueTask<(byte[]? Data, bool Complete)> ReadLogicalLineAsync(ShellInputStream input, int delimiter, int maxChars, bool raw, CancellationToken cancellationToken)
    {
        var (data, complete) = await input.ReadRecordAsync(delimiter, maxChars, cancellationToken).ConfigureAwait(false);
        if (data is null || raw)
        {
            return (data, complete);
        }

        var collected = new List<byte>(data);
        while (complete && delimiter == '\n' && EndsWithOddBackslashes(collected) && collected.Count < maxChars)
        {
            collected.RemoveAt(collected.Count - 1);
            var (more, moreComplete) = await input.ReadRecordAsync(delimiter, maxChars - collected.Count, cancellationToken).ConfigureAwait(false);
            if (more is null)
            {
                return ([.. collected], false);
            }

            collected.AddRange(more);
            complete = moreComplete;
        }

        return ([.. collected], complete);
    }

    private static bool EndsWithOddBackslashes(List<byte> data)
    {
        var count = 0;
        for (var i = data.Count - 1; i >= 0 && data[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static (string Text, bool[] Escaped) Decode(byte[] data, bool raw)
    {
        var text = Mirage.Shell.Syntax.ShellEncoding.GetString(data);
        if (raw)
        {
            return (text, new bool[text.Length]);
        }

        var builder = new StringBuilder();
        var escaped = new List<bool>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                builder.Append(text[i]);
                escaped.Add(true);
                continue;
            }

            if (text[i] == '\\')
            {
                continue;
            }

            builder.Append(text[i]);
            escaped.Add(false);
        }

        return (builder.ToString(), [.. escaped]);
    }

    private static void Assign(BuiltinContext context, List<string> names, string? arrayName, string text, bool[] escaped)
    {
        var variables = context.Shell.Variables;
        var ifs = variables.Find("IFS") is { } ifsVariable ? ifsVariable.Value ?? "" : " \t\n";
        if (arrayName is not null)
        {
            var fields = Split(text, escaped, ifs, int.MaxValue);
            var variable = variables.GetOrCreate(arrayName);
            variables.SetArray(variable, fields.Select(static f => ((string?)null, f)), append: false, associative: false);
            return;
        }

        if (names.Count == 0)
        {
            variables.Set("REPLY", text);
            return;
        }

        var values = Split(text, escaped, ifs, names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            variables.Set(names[i], i < values.Count ? values[i] : "");
        }
    }

    /// <summary>Splits into at most <paramref name="count"/> fields; the last one keeps the rest of the line as bash does.</summary>
    private static List<string> Split(string text, bool[] escaped, string ifs, int count)
    {
        bool IsIfs(int i) => !escaped[i] && ifs.Contains(text[i]);
        bool IsWhite(int i) => IsIfs(i) && text[i] is ' ' or '\t' or '\n';

        var result = new List<string>();
        var position = 0;
        while (position < text.Length && IsWhite(position))
        {
            position++;
        }

        while (position < text.Length)
        {
            if (result.Count == count - 1)
            {
                var rest = text[position..];
                var (first, after) = ReadField(position);
                if (after >= text.Length)
                {
                    result.Add(first);
                }
                else
                {
                    var end = text.Length;
                    while (end > position && IsWhite(end - 1))
                    {
                        end--;
                    }

                    result.Add(text[position..end]);
                }

                _ = rest;
                return result;
            }

            var (field, next) = ReadField(position);
            result.Add(field);
            position = next;
        }

        return result;

        (string Field, int Next) ReadField(int start)
        {
            var i = start;
            while (i < text.Length && !IsIfs(i))
            {
                i++;
            }

            var field = text[start..i];
            while (i < text.Length && IsWhite(i))
            {
                i++;
            }

            if (i < text.Length && IsIfs(i) && !IsWhite(i))
            {
                i++;
                while (i < text.Length && IsWhite(i))
                {
                    i++;
                }
            }

            return (field, i);
        }
    }
}
