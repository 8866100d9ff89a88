using System.Globalization;
using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Expansion;

public sealed partial class Expander
{
    private readonly record struct ParameterValue(string? Scalar, IReadOnlyList<string>? Items, bool Star, string DisplayName)
    {
        public bool IsList => Items is not null;

        public bool IsSet => Items is not null ? Items.Count > 0 : Scalar is not null;
    }

    private async ValueTask ExpandParameterIntoAsync(ParameterExpansion p, Fields fields, bool quoted, bool split, CancellationToken cancellationToken)
    {
        if (p.Indirect && p.Operator is not (ParameterOperator.NamesWithPrefix or ParameterOperator.Keys))
        {
            p = ResolveIndirect(p);
        }

        var value = await ResolveAsync(p, cancellationToken).ConfigureAwait(false);
        switch (p.Operator)
        {
            case ParameterOperator.DefaultIfUnsetOrEmpty or ParameterOperator.DefaultIfUnset
                or ParameterOperator.AlternativeIfSetAndNotEmpty or ParameterOperator.AlternativeIfSet:
            {
                var colon = p.Operator is ParameterOperator.DefaultIfUnsetOrEmpty or ParameterOperator.AlternativeIfSetAndNotEmpty;
                var present = colon ? IsNonEmpty(value) : value.IsSet || (value.IsList && p.Name is not ("@" or "*") && context.Variables.Find(p.Name) is not null);
                var alternative = p.Operator is ParameterOperator.AlternativeIfSetAndNotEmpty or ParameterOperator.AlternativeIfSet;
                if (present == alternative)
                {
                    if (p.Argument is not null)
                    {
                        if (quoted)
                        {
                            fields.MarkPresent();
                        }

                        splitLiterals++;
                        try
                        {
                            await ExpandPartsAsync(p.Argument.Parts, fields, quoted, split, tilde: !quoted, cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            splitLiterals--;
                        }
                    }
                    else if (quoted)
                    {
                        fields.MarkPresent();
                    }

                    return;
                }

                if (alternative)
                {
                    // Set and alternative not wanted: nothing.
                    return;
                }

                break;
            }

            case ParameterOperator.AssignIfUnsetOrEmpty or ParameterOperator.AssignIfUnset:
            {
                var colon = p.Operator == ParameterOperator.AssignIfUnsetOrEmpty;
                if (colon ? !IsNonEmpty(value) : !value.IsSet)
                {
                    var text = p.Argument is null ? "" : await ExpandStringAsync(p.Argument, cancellationToken, tilde: true).ConfigureAwait(false);
                    if (p.Name is "@" or "*" || char.IsAsciiDigit(p.Name[0]) || context.GetSpecial(p.Name) is not null)
                    {
                        throw new ExpansionException($"${p.Name}: cannot assign in this way", 1, true);
                    }

                    if (p.IndexKind == IndexKind.Element && p.Index is not null)
                    {
                        context.Variables.SetElement(p.Name, await ExpandStringAsync(p.Index, cancellationToken).ConfigureAwait(false), text);
                    }
                    else
                    {
                        context.Variables.Set(p.Name, text);
                    }

                    value = new ParameterValue(context.Variables.Get(p.Name) ?? text, null, false, p.Name);
                }

                break;
            }

            case ParameterOperator.ErrorIfUnsetOrEmpty or ParameterOperator.ErrorIfUnset:
            {
                var colon = p.Operator == ParameterOperator.ErrorIfUnsetOrEmpty;
                if (colon ? !IsNonEmpty(value) : !value.IsSet)
                {
                    var message = p.Argument is null ? "" : await ExpandStringAsync(p.Argument, cancellationToken, tilde: true).ConfigureAwait(false);
                    if (message.Length == 0)
                    {
                        message = colon ? "parameter null or not set" : "parameter not set";
                    }

                    throw new ExpansionException($"{value.DisplayName}: {message}", 127, true);
                }

                break;
            }

            default:
                if (p.Operator is not (ParameterOperator.NamesWithPrefix or ParameterOperator.Keys) && !value.IsSet && !value.IsList && context.Settings.NoUnset)
                {
                    throw new ExpansionException($"{value.DisplayName}: unbound variable", 127, true);
                }

                break;
        }

        if (p.Operator == ParameterOperator.Length)
        {
            var length = value.IsList ? value.Items!.Count : LengthOf(value.Scalar ?? "");
            AppendValue(fields, length.ToString(CultureInfo.InvariantCulture), quoted, split);
            return;
        }

        value = await ApplyOperatorAsync(p, value, cancellationToken).ConfigureAwait(false);
        if (value.IsList)
        {
            if (value.Star && (quoted || !split))
            {
                fields.Append(JoinStar(value.Items!), quoted);
            }
            else
            {
                AppendList(fields, value.Items!, quoted, split);
            }

            return;
        }

        if (value.Scalar is { } scalar)
        {
            AppendValue(fields, scalar, quoted, split);
        }
    }

    private static int LengthOf(string text)
    {
        // Under LC_ALL=C bash counts bytes.
        foreach (var c in text)
        {
            if (c > 0x7f)
            {
                return Encoding.UTF8.GetByteCount(text);
            }
        }

        return text.Length;
    }

    private static bool IsNonEmpty(ParameterValue value) =>
        value.IsList ? value.Items!.Count > 0 && (value.Items.Count > 1 || value.Items[0].Length > 0) : !string.IsNullOrEmpty(value.Scalar);

    private ParameterExpansion ResolveIndirect(ParameterExpansion p)
    {
        var target = Resolve(p with { Indirect = false, Operator = ParameterOperator.None }).Scalar;
        if (target is null)
        {
            if (context.Settings.NoUnset)
            {
                throw new ExpansionException($"{p.Name}: unbound variable", 127, true);
            }

            throw new ExpansionException($"{p.Name}: invalid indirect expansion", 1, true);
        }

        var bracket = target.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0 && target.EndsWith(']'))
        {
            var subscript = target[(bracket + 1)..^1];
            var kind = subscript switch { "@" => IndexKind.AllWords, "*" => IndexKind.AllJoined, _ => IndexKind.Element };
            return p with { Name = target[..bracket], Indirect = false, IndexKind = kind, Index = kind == IndexKind.Element ? Word.Literal(subscript) : null };
        }

        if (!IsValidReference(target))
        {
            throw new ExpansionException($"{target}: invalid variable name", 1, true);
        }

        return p with { Name = target, Indirect = false };
    }

    private static bool IsValidReference(string name) =>
        name.Length > 0 && (name is "@" or "*" or "#" or "?" or "-" or "$" or "!" || name.All(char.IsAsciiDigit)
            || ((char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_')));

    private async ValueTask<ParameterValue> ResolveAsync(ParameterExpansion p, CancellationToken cancellationToken)
    {
        if (p.IndexKind == IndexKind.Element && p.Index is not null && p.Operator != ParameterOperator.Keys)
        {
            var variable = context.Variables.Find(p.Name);
            var subscript = await ExpandStringAsync(p.Index, cancellationToken).ConfigureAwait(false);
            var display = $"{p.Name}[{subscript}]";
            if (variable is null)
            {
                if (variable is null && context.GetSpecial(p.Name) is { } special && subscript == "0")
                {
                    return new ParameterValue(special, null, false, display);
                }

                if (variable is null)
                {
                    _ = context.EvaluateArithmetic(subscript);
                }

                return new ParameterValue(null, null, false, display);
            }

            return new ParameterValue(context.Variables.GetElement(variable, subscript), null, false, display);
        }

        return Resolve(p);
    }

    private ParameterValue Resolve(ParameterExpansion p)
    {
        var name = p.Name;
        var star = p.IndexKind == IndexKind.AllJoined;
        switch (p.Operator)
        {
            case ParameterOperator.NamesWithPrefix:
                return new ParameterValue(null, [.. context.Variables.All().Where(v => v.Name.StartsWith(name, StringComparison.Ordinal) && v.IsSet).Select(static v => v.Name)], star, name);
            case ParameterOperator.Keys:
            {
                var variable = context.Variables.Find(name);
                return new ParameterValue(null, variable is null ? [] : variable.IsSet ? variable.Keys : [], star, name);
            }
        }

        if (name is "@" or "*")
        {
            return new ParameterValue(null, context.Positional, name == "*", name);
        }

        if (char.IsAsciiDigit(name[0]))
        {
            if (name == "0")
            {
                return new ParameterValue(context.GetSpecial("0"), null, false, "$0");
            }

            var index = int.Parse(name, CultureInfo.InvariantCulture);
            return new ParameterValue(index <= context.Positional.Count ? context.Positional[index - 1] : null, null, false, "$" + name);
        }

        if (p.IndexKind is IndexKind.AllWords or IndexKind.AllJoined)
        {
            var variable = context.Variables.Find(name);
            if (variable is null && context.GetSpecial(name) is { } special)
            {
                return new ParameterValue(null, [special], star, name);
            }

            return new ParameterValue(null, variable?.Values ?? [], star, name);
        }

        var specialValue = context.GetSpecial(name);
        if (specialValue is not null)
        {
            return new ParameterValue(specialValue, null, false, name);
        }

        return new ParameterValue(context.Variables.Find(name)?.Value, null, false, name);
    }

    private async ValueTask<ParameterValue> ApplyOperatorAsync(ParameterExpansion p, ParameterValue value, CancellationToken cancellationToken)
    {
        switch (p.Operator)
        {
            case ParameterOperator.RemoveShortestPrefix or ParameterOperator.RemoveLongestPrefix
                or ParameterOperator.RemoveShortestSuffix or ParameterOperator.RemoveLongestSuffix:
            {
                var patternText = p.Argument is null ? "" : await ExpandPatternAsync(p.Argument, cancellationToken).ConfigureAwait(false);
                var pattern = GlobPattern.Compile(patternText, extendedGlob: context.Settings.ExtGlob);
                return Map(value, text => RemovePattern(text, pattern, p.Operator));
            }

            case ParameterOperator.ReplaceFirst or ParameterOperator.ReplaceAll or ParameterOperator.ReplacePrefix or ParameterOperator.ReplaceSuffix:
            {
                var patternText = p.Argument is null ? "" : await ExpandPatternAsync(p.Argument, cancellationToken).ConfigureAwait(false);
                var replacement = p.Replacement is null ? "" : await ExpandPatternAsync(p.Replacement, cancellationToken).ConfigureAwait(false);
                if (patternText.Length == 0 && p.Operator is ParameterOperator.ReplaceFirst or ParameterOperator.ReplaceAll)
                {
                    return value;
                }

                var pattern = GlobPattern.Compile(patternText, extendedGlob: context.Settings.ExtGlob);
                return Map(value, text => Replace(text, pattern, patternText, replacement, p.Operator));
            }

            case ParameterOperator.UpperFirst or ParameterOperator.UpperAll or ParameterOperator.LowerFirst or ParameterOperator.LowerAll:
            {
                var patternText = p.Argument is null ? "" : await ExpandPatternAsync(p.Argument, cancellationToken).ConfigureAwait(false);
                var pattern = patternText.Length == 0 ? null : GlobPattern.Compile(patternText, extendedGlob: context.Settings.ExtGlob);
                var upper = p.Operator is ParameterOperator.UpperFirst or ParameterOperator.UpperAll;
                var all = p.Operator is ParameterOperator.UpperAll or ParameterOperator.LowerAll;
                return Map(value, text => ChangeCase(text, pattern, upper, all));
            }

            case ParameterOperator.Substring:
                return await SubstringAsync(p, value, cancellationToken).ConfigureAwait(false);
            case ParameterOperator.Transform:
                return Transform(p, value);
            default:
                return value;
        }
    }

    private static ParameterValue Map(ParameterValue value, Func<string, string> map) =>
        value.IsList
            ? value with { Items = [.. value.Items!.Select(map)] }
            : value.Scalar is null ? value : value with { Scalar = map(value.Scalar) };

    private static string RemovePattern(string text, GlobPattern pattern, ParameterOperator op)
    {
        var n = text.Length;
        switch (op)
        {
            case ParameterOperator.RemoveShortestPrefix:
                for (var k = 0; k <= n; k++)
                {
                    if (pattern.IsMatch(text, 0, k))
                    {
                        return text[k..];
                    }
                }

                break;
            case ParameterOperator.RemoveLongestPrefix:
                for (var k = n; k >= 0; k--)
                {
                    if (pattern.IsMatch(text, 0, k))
                    {
                        return text[k..];
                    }
                }

                break;
            case ParameterOperator.RemoveShortestSuffix:
                for (var k = n; k >= 0; k--)
                {
                    if (pattern.IsMatch(text, k, n))
                    {
                        return text[..k];
                    }
                }

                break;
            default:
                for (var k = 0; k <= n; k++)
                {
                    if (pattern.IsMatch(text, k, n))
                    {
                        return text[..k];
                    }
                }

                break;
        }

        return text;
    }

    private static string Replace(string text, GlobPattern pattern, string patternText, string replacement, ParameterOperator op)
    {
        var n = text.Length;
        if (!pattern.HasWildcards && op == ParameterOperator.ReplaceAll && !replacement.Contains('&', StringComparison.Ordinal))
        {
            var literal = GlobPattern.Unescape(patternText);
            return literal.Length == 0 ? text : text.Replace(literal, GlobPattern.Unescape(replacement), StringComparison.Ordinal);
        }

        switch (op)
        {
            case ParameterOperator.ReplacePrefix:
                for (var j = n; j >= 0; j--)
                {
                    if (pattern.IsMatch(text, 0, j))
                    {
                        return Substitute(replacement, text[..j]) + text[j..];
                    }
                }

                return text;
            case ParameterOperator.ReplaceSuffix:
                for (var i = 0; i <= n; i++)
                {
                    if (pattern.IsMatch(text, i, n))
                    {
                        return text[..i] + Substitute(replacement, text[i..]);
                    }
                }

                return text;
        }

        var builder = new StringBuilder();
        var position = 0;
        var replaced = false;
        while (position <= n)
        {
            var matchEnd = -1;
            if (!(replaced && op == ParameterOperator.ReplaceFirst))
            {
                for (var j = n; j >= position; j--)
                {
                    if (pattern.IsMatch(text, position, j))
                    {
                        matchEnd = j;
                        break;
                    }
                }
            }

            if (matchEnd > position || (matchEnd == position && matchEnd >= 0 && false))
            {
                builder.Append(Substitute(replacement, text[position..matchEnd]));
                position = matchEnd;
                replaced = true;
                continue;
            }

            if (position < n)
            {
                builder.Append(text[position]);
            }

            position++;
        }

        return builder.ToString();
    }

    /// <summary>The replacement text: an unquoted <c>&amp;</c> stands for the match (patsub_replacement).</summary>
    private static string Substitute(string replacement, string match)
    {
        if (!replacement.Contains('&', StringComparison.Ordinal) && !replacement.Contains('\\', StringComparison.Ordinal))
        {
            return replacement;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\' && i + 1 < replacement.Length)
            {
                builder.Append(replacement[++i]);
            }
            else if (c == '&')
            {
                builder.Append(match);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string ChangeCase(string text, GlobPattern? pattern, bool upper, bool all)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < builder.Length; i++)
        {
            var c = builder[i];
            if (pattern is null || pattern.IsMatch(c.ToString()))
            {
                builder[i] = upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c);
            }

            if (!all)
            {
                break;
            }
        }

        return builder.ToString();
    }

    private async ValueTask<ParameterValue> SubstringAsync(ParameterExpansion p, ParameterValue value, CancellationToken cancellationToken)
    {
        var offsetText = p.Argument is null ? "" : await ExpandHereDocumentAsync(p.Argument, cancellationToken).ConfigureAwait(false);
        var offset = context.EvaluateArithmetic(offsetText);
        long? length = null;
        if (p.Replacement is not null)
        {
            length = context.EvaluateArithmetic(await ExpandHereDocumentAsync(p.Replacement, cancellationToken).ConfigureAwait(false));
        }

        if (value.IsList)
        {
            var items = value.Items!;
            if (p.Name == "@" || p.Name == "*")
            {
                // Positional slices count $0 as offset 0.
                items = [context.GetSpecial("0") ?? "bash", .. items];
                if (offset == 0 && false)
                {
                    offset = 0;
                }
            }

            var count = items.Count;
            var start = offset < 0 ? count + offset : offset;
            if (start < 0 || start > count)
            {
                return value with { Items = [] };
            }

            var end = length is null ? count : length < 0 ? count + length.Value : Math.Min(count, start + length.Value);
            if (end < start)
            {
                if (length < 0)
                {
                    throw new ExpansionException($"{length}: substring expression < 0", 1, true);
                }

                end = start;
            }

            return value with { Items = [.. items.Skip((int)start).Take((int)(end - start))] };
        }

        if (value.Scalar is not { } text)
        {
            return value;
        }

        var n = text.Length;
        var from = offset < 0 ? n + offset : offset;
        if (from < 0 || from > n)
        {
            return value with { Scalar = "" };
        }

        long to;
        if (length is null)
        {
            to = n;
        }
        else if (length < 0)
        {
            to = n + length.Value;
            if (to < from)
            {
                throw new ExpansionException($"{length}: substring expression < 0", 1, true);
            }
        }
        else
        {
            to = Math.Min(n, from + length.Value);
        }

        return value with { Scalar = text[(int)from..(int)to] };
    }

    private ParameterValue Transform(ParameterExpansion p, ParameterValue value)
    {
        var variable = context.Variables.Find(p.Name);
        switch (p.Transform)
        {
            case 'Q':
                return Map(value, ShellQuoting.Single);
            case 'E':
                return Map(value, DecodeEscapes);
            case 'P':
                return value;
            case 'U':
                return Map(value, static text => text.ToUpperInvariant());
            case 'L':
                return Map(value, static text => text.ToLowerInvariant());
            case 'u':
                return Map(value, static text => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..]);
            case 'a':
            {
                var flags = variable is null ? "" : AttributeFlags(variable);
                return Map(value, _ => flags);
            }

            case 'K':
            {
                if (variable is null || !variable.IsArray || !value.IsList)
                {
                    return Map(value, ShellQuoting.Single);
                }

                var keys = variable.Keys;
                var values = variable.Values;
                var pairs = keys.Select((key, i) => (variable.Associative is not null ? key : key) + " " + ShellQuoting.Double(values[i]));
                return value with { Items = [string.Join(' ', pairs)], Star = true };
            }

            case 'A':
            {
                if (variable is null || !value.IsSet)
                {
                    return value with { Scalar = null, Items = value.IsList ? [] : null };
                }

                var flags = AttributeFlags(variable);
                var text = variable.IsArray ? DeclareText(variable)
                    : flags.Length == 0 ? $"{variable.Name}={ShellQuoting.Single(variable.Scalar ?? "")}"
                    : $"declare -{flags} {variable.Name}={ShellQuoting.Single(variable.Scalar ?? "")}";
                return value.IsList ? value with { Items = [text], Star = true } : value with { Scalar = text };
            }

            default:
                throw new ExpansionException($"${{{p.Name}@{p.Transform}}}: bad substitution", 127, true);
        }
    }

    /// <summary>The <c>declare -p</c> line for a variable (without a trailing newline).</summary>
    public static string DeclareText(Variable variable)
    {
        var flags = AttributeFlags(variable);
        if (variable.Associative is not null || variable.Indexed is not null)
        {
            var keys = variable.Keys;
            var values = variable.Values;
            var body = string.Join(' ', keys.Select((key, i) => $"[{(variable.Associative is not null ? QuoteKey(key) : key)}]={ShellQuoting.Double(values[i])}"));
            if (variable.Associative is not null && body.Length > 0)
            {
                body += " ";
            }

            return $"declare -{flags} {variable.Name}=({body})";
        }

        var prefix = flags.Length == 0 ? "declare --" : "declare -" + flags;
        return variable.Scalar is null ? $"{prefix} {variable.Name}" : $"{prefix} {variable.Name}={ShellQuoting.Double(variable.Scalar)}";
    }

    private static string QuoteKey(string key) =>
        key.Any(static c => c is ' ' or '\t' or '\n' or '"' or '\'' or '\\' or '$' or '`' or ']' or '[' or '*' or '?' or '=') ? ShellQuoting.Double(key) : key;

    public static string AttributeFlags(Variable variable)
    {
        var builder = new StringBuilder();
        if (variable.Indexed is not null)
        {
            builder.Append('a');
        }

        if (variable.Associative is not null)
        {
            builder.Append('A');
        }

        if (variable.Has(VariableAttributes.Integer))
        {
            builder.Append('i');
        }

        if (variable.Has(VariableAttributes.Lower))
        {
            builder.Append('l');
        }

        if (variable.Has(VariableAttributes.NameReference))
        {
            builder.Append('n');
        }

        if (variable.Has(VariableAttributes.ReadOnly))
        {
            builder.Append('r');
        }

        if (variable.Has(VariableAttributes.Upper))
        {
            builder.Append('u');
        }

        if (variable.Has(VariableAttributes.Exported))
        {
            builder.Append('x');
        }

        return builder.ToString();
    }

    /// <summary>Decodes backslash escapes as <c>$'...'</c> does.</summary>
    public static string DecodeEscapes(string text)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i = Printf.AppendEscape(text, i, builder, inArgument: false, out _);
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
