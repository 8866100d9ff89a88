namespace Mirage.Commands;

/// <summary>How an option takes its value.</summary>
public enum OptionArgument
{
    None,
    /// <summary>"-n 5", "-n5", "--lines=5", "--lines 5".</summary>
    Required,
    /// <summary>Only attached: "-d5", "--color=always".</summary>
    Optional,
}

/// <summary>One option as declared. <see cref="Key"/> is the short letter ("n") or, for long-only options, the long name.</summary>
public sealed record OptionDefinition(string Key, char? Short, string? Long, OptionArgument Argument);

/// <summary>One option as given on the command line, in order. <see cref="Spelling"/> is how it was written ("-n", "--lines").</summary>
public sealed record ParsedOption(string Key, string? Value, string Spelling);

/// <summary>The options and operands of one command line, each in the order given.</summary>
public sealed class ParsedArguments
{
    internal ParsedArguments(List<ParsedOption> options, List<string> operands, List<object> inOrder)
    {
        Options = options;
        Operands = operands;
        InOrder = inOrder;
    }

    public IReadOnlyList<ParsedOption> Options { get; }

    public IReadOnlyList<string> Operands { get; }

    /// <summary>Options (<see cref="ParsedOption"/>) and operands (<see cref="string"/>) interleaved as written.</summary>
    public IReadOnlyList<object> InOrder { get; }

    public bool Has(string key) => Options.Any(o => o.Key == key);

    /// <summary>The value of the last occurrence (GNU tools let a later option override an earlier one).</summary>
    public string? Last(string key) => Options.LastOrDefault(o => o.Key == key)?.Value;

    public ParsedOption? LastOf(params string[] keys) => Options.LastOrDefault(o => keys.Contains(o.Key));

    public IEnumerable<string> Values(string key) => Options.Where(o => o.Key == key).Select(o => o.Value ?? string.Empty);

    public int Count(string key) => Options.Count(o => o.Key == key);
}

/// <summary>
/// GNU getopt_long semantics: clustered short options ("-rn"), attached or separate values ("-n5", "-n 5"),
/// "--opt=value" and "--opt value", unambiguous abbreviations of long options, "--" ending options, and
/// operands mixed with options (permutation) unless the short spec starts with '+' or POSIXLY_CORRECT is set.
/// Errors are the exact texts glibc prints, without the "Try ... --help" line.
/// </summary>
/// <remarks>
/// Short spec as getopt: "c:n:qv" ("x:" requires a value, "x::" takes an attached optional value).
/// Long specs: "quiet" (no value, key "quiet"), "lines=n" (a long name for short 'n', same value kind),
/// "format:" (requires a value), "color::" (optional value, only after '=').
/// </remarks>
public sealed class ArgParser
{
    private readonly Dictionary<char, OptionDefinition> _short = [];
    private readonly List<OptionDefinition> _long = [];
    private readonly bool _stopAtFirstOperand;

    public ArgParser(string shortSpec, params string[] longSpecs)
    {
        ArgumentNullException.ThrowIfNull(shortSpec);
        ArgumentNullException.ThrowIfNull(longSpecs);
        var i = 0;
        if (shortSpec.StartsWith('+'))
        {
            _stopAtFirstOperand = true;
            i = 1;
        }
        for (; i < shortSpec.Length; i++)
        {
            var letter = shortSpec[i];
            var kind = OptionArgument.None;
            if (i + 1 < shortSpec.Length && shortSpec[i + 1] == ':')
            {
                kind = OptionArgument.Required;
                i++;
                if (i + 1 < shortSpec.Length && shortSpec[i + 1] == ':')
                {
                    kind = OptionArgument.Optional;
                    i++;
                }
            }
            _short[letter] = new OptionDefinition(letter.ToString(), letter, null, kind);
        }
        foreach (var spec in longSpecs)
        {
            var equals = spec.IndexOf('=');
            if (equals > 0)
            {
                var letter = spec[equals + 1];
                if (!_short.TryGetValue(letter, out var shortOption))
                    throw new ArgumentException($"Long option '{spec}' names unknown short option '{letter}'.", nameof(longSpecs));
                _long.Add(shortOption with { Long = spec[..equals] });
                continue;
            }
            var name = spec.TrimEnd(':');
            var colons = spec.Length - name.Length;
            var argument = colons switch { 0 => OptionArgument.None, 1 => OptionArgument.Required, _ => OptionArgument.Optional };
            _long.Add(new OptionDefinition(name, null, name, argument));
        }
    }

    /// <summary>When set, an argument like "-5" or "-1.5" that is not a known option ends option parsing (seq, printf-like operands).</summary>
    public bool NegativeNumbersAreOperands { get; init; }

    public IReadOnlyList<OptionDefinition> LongOptions => _long;

    /// <summary>Parses <paramref name="arguments"/>; on failure <paramref name="error"/> is the text after "cmd: ".</summary>
    public bool TryParse(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, out ParsedArguments result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var options = new List<ParsedOption>();
        var operands = new List<string>();
        var inOrder = new List<object>();
        result = new ParsedArguments(options, operands, inOrder);
        error = null;
        var posix = _stopAtFirstOperand || (environment is not null && environment.ContainsKey("POSIXLY_CORRECT"));
        var onlyOperands = false;
        for (var index = 0; index < arguments.Count; index++)
        {
            var argument = arguments[index];
            if (onlyOperands || argument.Length < 2 || argument[0] != '-' || (NegativeNumbersAreOperands && LooksNegativeNumber(argument)))
            {
                operands.Add(argument);
                inOrder.Add(argument);
                if (posix && !onlyOperands) onlyOperands = true;
                continue;
            }
            if (argument == "--")
            {
                onlyOperands = true;
                continue;
            }
            if (argument[1] == '-')
            {
                var option = ParseLong(argument, arguments, ref index, out error);
                if (option is null) return false;
                options.Add(option);
                inOrder.Add(option);
                continue;
            }
            for (var position = 1; position < argument.Length; position++)
            {
                var letter = argument[position];
                if (!_short.TryGetValue(letter, out var definition))
                {
                    error = $"invalid option -- '{letter}'";
                    return false;
                }
                string? value = null;
                if (definition.Argument != OptionArgument.None)
                {
                    if (position + 1 < argument.Length)
                    {
                        value = argument[(position + 1)..];
                    }
                    else if (definition.Argument == OptionArgument.Required)
                    {
                        if (index + 1 >= arguments.Count)
                        {
                            error = $"option requires an argument -- '{letter}'";
                            return false;
                        }
                        value = arguments[++index];
                    }
                    var parsed = new ParsedOption(definition.Key, value, "-" + letter);
                    options.Add(parsed);
                    inOrder.Add(parsed);
                    break;
                }
                var flag = new ParsedOption(definition.Key, null, "-" + letter);
                options.Add(flag);
                inOrder.Add(flag);
            }
        }
        return true;
    }

    private ParsedOption? ParseLong(string argument, IReadOnlyList<string> arguments, ref int index, out string? error)
    {
        error = null;
        var body = argument[2..];
        var equals = body.IndexOf('=');
        var name = equals >= 0 ? body[..equals] : body;
        string? attached = equals >= 0 ? body[(equals + 1)..] : null;

        var definition = _long.FirstOrDefault(d => d.Long == name);
        if (definition is null)
        {
            var candidates = name.Length == 0 ? [] : _long.Where(d => d.Long!.StartsWith(name, StringComparison.Ordinal)).ToList();
            if (candidates.Count == 0)
            {
                error = $"unrecognized option '{argument}'";
                return null;
            }
            // Several spellings of the same option are no ambiguity (glibc compares what they do).
            if (candidates.Select(c => (c.Key, c.Argument)).Distinct().Count() > 1)
            {
                error = $"option '--{name}' is ambiguous; possibilities:" + string.Concat(candidates.Select(c => $" '--{c.Long}'"));
                return null;
            }
            definition = candidates[0];
        }
        var spelling = "--" + definition.Long;
        switch (definition.Argument)
        {
            case OptionArgument.None when attached is not null:
                error = $"option '{spelling}' doesn't allow an argument";
                return null;
            case OptionArgument.Required when attached is null:
                if (index + 1 >= arguments.Count)
                {
                    error = $"option '{spelling}' requires an argument";
                    return null;
                }
                attached = arguments[++index];
                break;
        }
        return new ParsedOption(definition.Key, attached, spelling);
    }

    private static bool LooksNegativeNumber(string argument) =>
        argument.Length >= 2 && argument[0] == '-' && (char.IsAsciiDigit(argument[1]) || (argument[1] == '.' && argument.Length > 2 && char.IsAsciiDigit(argument[2])));
}
