using System.Globalization;
using System.Text;

namespace Mirage.Shell.Interpreter.Builtins;

/// <summary><c>mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [array]</c> (also <c>readarray</c>).</summary>
internal static class MapfileBuiltin
{
    private const string Usage = "mapfile [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]";

    public static async ValueTask<int> RunAsync(BuiltinContext context, CancellationToken cancellationToken)
    {
        var delimiter = (int)'\n';
        var limit = long.MaxValue;
        long origin = 0;
        long skip = 0;
        var trim = false;
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

            var letter = option[1];
            if (letter == 't' && option.Length == 2)
            {
                trim = true;
                index++;
                continue;
            }

            if (letter is not ('d' or 'n' or 'O' or 's' or 'u' or 'C' or 'c'))
            {
                return await context.InvalidOptionAsync("-" + letter, Usage).ConfigureAwait(false);
            }

            var value = option.Length > 2 ? option[2..] : index + 1 < arguments.Count ? arguments[++index] : "";
            switch (letter)
            {
                case 'd':
                    delimiter = value.Length == 0 ? 0 : Mirage.Shell.Syntax.ShellEncoding.GetBytes(value)[0];
                    break;
                case 'n':
                    limit = long.Parse(value, CultureInfo.InvariantCulture);
                    if (limit == 0)
                    {
                        limit = long.MaxValue;
                    }

                    break;
                case 'O':
                    origin = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case 's':
                    skip = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case 'u':
                    fd = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
            }

            index++;
        }

        var name = index < arguments.Count ? arguments[index] : "MAPFILE";
        var variables = context.Shell.Variables;
        var variable = variables.GetOrCreate(name);
        if (origin == 0)
        {
            variables.SetArray(variable, [], append: false, associative: false);
        }

        var input = ShellInputStream.From(context.Io.Get(fd) ?? Stream.Null);
        long count = 0;
        var position = origin;
        while (count < limit)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (data, complete) = await input.ReadRecordAsync(delimiter, int.MaxValue, cancellationToken).ConfigureAwait(false);
            if (data is null)
            {
                break;
            }

            if (skip > 0)
            {
                skip--;
                continue;
            }

            var line = Mirage.Shell.Syntax.ShellEncoding.GetString(data);
            if (complete && !trim)
            {
                line += (char)delimiter;
            }

            variables.SetElement(variable, position.ToString(CultureInfo.InvariantCulture), line, append: false);
            position++;
            count++;
        }

        return 0;
    }
}
