using System.Globalization;
using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Expansion;

/// <summary>
/// Expands words in bash's order: brace, tilde, parameter / command / arithmetic / process
/// substitution, word splitting, pathname expansion, quote removal.
/// </summary>
public sealed partial class Expander(IExpansionContext context)
{
    private static readonly System.Buffers.SearchValues<char> SpecialLiteralCharacters = System.Buffers.SearchValues.Create("{~*?[@!+");

    /// <summary>Above zero while expanding the word of ${x:-word} unquoted: its literal text is split too.</summary>
    private int splitLiterals;

    private string Ifs => context.Variables.Find("IFS") is { } ifs ? ifs.Value ?? "" : " \t\n";

    /// <summary>Full expansion of command words into argument strings.</summary>
    public async ValueTask<List<string>> ExpandWordsAsync(IEnumerable<Word> words, CancellationToken cancellationToken)
    {
        var result = new List<string>();
        foreach (var word in words)
        {
            await ExpandWordIntoAsync(word, result, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public async ValueTask ExpandWordIntoAsync(Word word, List<string> result, CancellationToken cancellationToken)
    {
        // Fast path: a plain unquoted literal without special characters.
        if (word.Parts is [LiteralPart { Text: var plain }] && plain.AsSpan().IndexOfAny(SpecialLiteralCharacters) < 0)
        {
            result.Add(plain);
            return;
        }

        foreach (var braced in BraceExpansion.Expand(word))
        {
            var fields = new Fields(Ifs);
            await ExpandPartsAsync(braced.Parts, fields, quoted: false, split: true, tilde: true, cancellationToken).ConfigureAwait(false);
            foreach (var field in fields.Finish())
            {
                var pattern = field.Pattern.ToString();
                if (field.MayGlob && !context.Settings.NoGlob && GlobPattern.HasGlobCharacters(pattern, context.Settings.ExtGlob))
                {
                    var matches = await GlobAsync(pattern, cancellationToken).ConfigureAwait(false);
                    if (matches.Count > 0)
                    {
                        result.AddRange(matches);
                        continue;
                    }

                    if (context.Settings.FailGlob)
                    {
                        throw new ExpansionException($"no match: {field.Text}", 1, true) { AbortsLine = true };
                    }

                    if (context.Settings.NullGlob)
                    {
                        continue;
                    }
                }

                result.Add(field.Text.ToString());
            }
        }
    }

    /// <summary>One string, no splitting or globbing: assignments, here-strings, case subjects, [[ ]] operands.</summary>
    public async ValueTask<string> ExpandStringAsync(Word word, CancellationToken cancellationToken, bool tilde = false)
    {
        if (word.Parts is [LiteralPart { Text: var plain }] && (!tilde || !plain.StartsWith('~')))
        {
            return plain;
        }

        var fields = new Fields("");
        await ExpandPartsAsync(word.Parts, fields, quoted: false, split: false, tilde: tilde, cancellationToken).ConfigureAwait(false);
        return string.Join(' ', fields.Finish().Select(static field => field.Text.ToString()));
    }

    /// <summary>A pattern: quoted characters come out escaped so they match literally.</summary>
    public async ValueTask<string> ExpandPatternAsync(Word word, CancellationToken cancellationToken)
    {
        var fields = new Fields("");
        await ExpandPartsAsync(word.Parts, fields, quoted: false, split: false, tilde: true, cancellationToken).ConfigureAwait(false);
        return string.Join(' ', fields.Finish().Select(static field => field.Pattern.ToString()));
    }

    /// <summary>The text of a here-document body or arithmetic expression: expansions apply, quotes stay.</summary>
    public async ValueTask<string> ExpandHereDocumentAsync(Word body, CancellationToken cancellationToken)
    {
        if (body.Parts is [LiteralPart { Text: var plain }])
        {
            return plain;
        }

        var fields = new Fields("");
        await ExpandPartsAsync(body.Parts, fields, quoted: true, split: false, tilde: false, cancellationToken).ConfigureAwait(false);
        return string.Join(' ', fields.Finish().Select(static field => field.Text.ToString()));
    }

    private async ValueTask ExpandPartsAsync(IReadOnlyList<WordPart> parts, Fields fields, bool quoted, bool split, bool tilde, CancellationToken cancellationToken)
    {
        for (var index = 0; index < parts.Count; index++)
        {
            var part = parts[index];
            if (index == 0 && tilde && !quoted && part is LiteralPart { Text: var tildeText } && tildeText.StartsWith('~'))
            {
                var slash = tildeText.IndexOf('/', StringComparison.Ordinal);
                var prefix = slash < 0 ? tildeText : tildeText[..slash];
                var onlyPart = slash >= 0 || parts.Count == 1 || parts[1] is LiteralPart;
                var expanded = onlyPart ? ExpandTilde(prefix) : null;
                if (expanded is not null)
                {
                    fields.Append(expanded, quoted: true);
                    fields.MarkPresent();
                    fields.Append(slash < 0 ? "" : tildeText[slash..], quoted: false);
                    continue;
                }
            }

            await ExpandPartAsync(part, fields, quoted, split, cancellationToken).ConfigureAwait(false);
        }
    }

    private string? ExpandTilde(string prefix) => prefix switch
    {
        "~" => context.Variables.Get("HOME") ?? context.HomeDirectory,
        "~+" => context.Variables.Get("PWD"),
        "~-" => context.Variables.Get("OLDPWD"),
        _ => null,
    };

    private async ValueTask ExpandPartAsync(WordPart part, Fields fields, bool quoted, bool split, CancellationToken cancellationToken)
    {
        switch (part)
        {
            case LiteralPart literal:
                if (splitLiterals > 0 && !quoted && split)
                {
                    fields.AppendSplit(literal.Text);
                }
                else
                {
                    fields.Append(literal.Text, quoted);
                }

                break;
            case QuotedLiteralPart quotedLiteral:
                fields.Append(quotedLiteral.Text, quoted: true);
                fields.MarkPresent();
                break;
            case DoubleQuotedPart doubleQuoted:
                // "$@" alone yields no field at all when there are no elements.
                if (!(doubleQuoted.Parts is [ParameterPart { Expansion: var only }] && IsAtExpansion(only)))
                {
                    fields.MarkPresent();
                }

                foreach (var inner in doubleQuoted.Parts)
                {
                    await ExpandPartAsync(inner, fields, quoted: true, split, cancellationToken).ConfigureAwait(false);
                }

                break;
            case ParameterPart parameter:
                await ExpandParameterIntoAsync(parameter.Expansion, fields, quoted, split, cancellationToken).ConfigureAwait(false);
                break;
            case CommandSubstitutionPart substitution:
            {
                var output = await context.CommandSubstitutionAsync(substitution.Body, cancellationToken).ConfigureAwait(false);
                AppendValue(fields, output.TrimEnd('\n'), quoted, split);
                break;
            }

            case ArithmeticPart arithmetic:
            {
                var text = await ExpandHereDocumentAsync(arithmetic.Expression, cancellationToken).ConfigureAwait(false);
                var value = context.EvaluateArithmetic(text);
                AppendValue(fields, value.ToString(CultureInfo.InvariantCulture), quoted, split);
                break;
            }

            case ProcessSubstitutionPart process:
            {
                var path = await context.ProcessSubstitutionAsync(process.Body, process.Output, cancellationToken).ConfigureAwait(false);
                fields.Append(path, quoted: true);
                break;
            }

            case BadSubstitutionPart bad:
                // bash reports it when the word is expanded, then abandons the current line only.
                throw new ExpansionException($"{bad.Text}: bad substitution", 1, fatal: false) { AbortsLine = true };

            case AssignmentPart assignment:
            {
                // Outside a declaration command it is ordinary text: name=value.
                var a = assignment.Assignment;
                fields.Append(a.Name, quoted: true);
                if (a.Index is not null)
                {
                    fields.Append("[" + await ExpandStringAsync(a.Index, cancellationToken).ConfigureAwait(false) + "]", quoted: true);
                }

                fields.Append(a.Append ? "+=" : "=", quoted: true);
                if (a.Value is not null)
                {
                    await ExpandPartsAsync(a.Value.Parts, fields, quoted, split: false, tilde: true, cancellationToken).ConfigureAwait(false);
                }

                break;
            }
        }
    }

    private void AppendValue(Fields fields, string value, bool quoted, bool split)
    {
        if (quoted || !split)
        {
            fields.Append(value, quoted);
        }
        else
        {
            fields.AppendSplit(value);
        }
    }

    private static bool IsAtExpansion(ParameterExpansion p) =>
        (p.Name == "@" && p.IndexKind == IndexKind.None && !p.Indirect) || p.IndexKind == IndexKind.AllWords || (p.Operator == ParameterOperator.NamesWithPrefix && p.IndexKind == IndexKind.AllWords);

    /// <summary>Appends a list the way "$@" does: one field per element when quoted, each element split otherwise.</summary>
    private static void AppendList(Fields fields, IReadOnlyList<string> items, bool quoted, bool split)
    {
        if (!split && !quoted)
        {
            fields.Append(string.Join(' ', items), quoted: false);
            return;
        }

        if (!split && quoted)
        {
            fields.Append(string.Join(' ', items), quoted: true);
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                fields.EndField(force: quoted);
            }

            if (quoted)
            {
                fields.Append(items[i], quoted: true);
                fields.MarkPresent();
            }
            else
            {
                fields.AppendSplit(items[i]);
            }
        }

    }

    private string JoinStar(IReadOnlyList<string> items)
    {
        var ifs = context.Variables.Find("IFS");
        var separator = ifs is null ? " " : string.IsNullOrEmpty(ifs.Value) ? "" : ifs.Value[..1];
        return string.Join(separator, items);
    }
}
