namespace Mirage.Shell.Syntax.Ast;

/// <summary>
/// One shell word as written: a sequence of parts that keeps its quoting, so the expander can
/// decide where brace, tilde, splitting and globbing apply.
/// </summary>
public sealed record Word(SyntaxList<WordPart> Parts)
{
    public static Word Empty { get; } = new(SyntaxList<WordPart>.Empty);

    public static Word Literal(string text) => new(SyntaxList.Of<WordPart>(new LiteralPart(text)));

    public static Word Quoted(string text) => new(SyntaxList.Of<WordPart>(new QuotedLiteralPart(text)));

    /// <summary>The text when the word is one unquoted literal (reserved words, names, fd numbers); otherwise null.</summary>
    public string? UnquotedText => Parts is [LiteralPart literal] ? literal.Text : null;

    /// <summary>True when no part is quoted or expands: the word means exactly its text.</summary>
    public bool IsPlainLiteral => Parts.All(static part => part is LiteralPart);

    /// <summary>The text if every part is literal (quoted or not), i.e. the word needs no expansion but quote removal.</summary>
    public string? TryGetStaticText()
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in Parts)
        {
            if (!AppendStatic(part, builder))
            {
                return null;
            }
        }

        return builder.ToString();
    }

    /// <summary>True when some part is quoted: a quoted here-document delimiter, a quoted `=~` operand.</summary>
    public bool HasQuotedParts => Parts.Any(static part => part is QuotedLiteralPart or DoubleQuotedPart);

    private static bool AppendStatic(WordPart part, System.Text.StringBuilder builder)
    {
        switch (part)
        {
            case LiteralPart literal:
                builder.Append(literal.Text);
                return true;
            case QuotedLiteralPart quoted:
                builder.Append(quoted.Text);
                return true;
            case DoubleQuotedPart doubleQuoted:
                foreach (var inner in doubleQuoted.Parts)
                {
                    if (!AppendStatic(inner, builder))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }
}

/// <summary>A piece of a <see cref="Word"/>.</summary>
public abstract record WordPart;

/// <summary>
/// Literal text. Outside double quotes it is unquoted: brace, tilde, word splitting of
/// surrounding expansions and pathname expansion apply. Inside a <see cref="DoubleQuotedPart"/>
/// the enclosing quotes make it quoted. Backslash escapes are already resolved.
/// </summary>
public sealed record LiteralPart(string Text) : WordPart;

/// <summary>Text that was quoted: <c>'...'</c>, a backslash-escaped character, or decoded <c>$'...'</c>. Nothing applies to it.</summary>
public sealed record QuotedLiteralPart(string Text) : WordPart;

/// <summary><c>"..."</c> (or <c>$"..."</c> when <paramref name="Localized"/>): its parts are literals and expansions, never split or globbed.</summary>
public sealed record DoubleQuotedPart(SyntaxList<WordPart> Parts, bool Localized = false) : WordPart;

/// <summary><c>$name</c>, <c>${...}</c>.</summary>
public sealed record ParameterPart(ParameterExpansion Expansion) : WordPart;

/// <summary><c>$(...)</c> or <c>`...`</c>, the body already parsed.</summary>
public sealed record CommandSubstitutionPart(Script Body, bool Backquoted = false) : WordPart;

/// <summary><c>$((...))</c>: the expression is expanded first and then evaluated, as bash does.</summary>
public sealed record ArithmeticPart(Word Expression) : WordPart;

/// <summary><c>&lt;(...)</c> (read from the list's output) or <c>&gt;(...)</c> (<paramref name="Output"/>: write to its input).</summary>
public sealed record ProcessSubstitutionPart(Script Body, bool Output) : WordPart;

/// <summary>
/// An assignment appearing as an argument of a declaration command (<c>declare</c>, <c>local</c>,
/// <c>export</c>, <c>readonly</c>, <c>typeset</c>): <c>declare -a x=(1 2)</c>. Always the only part of its word.
/// </summary>
public sealed record AssignmentPart(Assignment Assignment) : WordPart;

public enum IndexKind
{
    /// <summary>No subscript.</summary>
    None,

    /// <summary><c>[expr]</c>: one element; the index word is arithmetic (indexed) or a key (associative).</summary>
    Element,

    /// <summary><c>[@]</c>: every element as its own word.</summary>
    AllWords,

    /// <summary><c>[*]</c>: every element joined by the first character of IFS.</summary>
    AllJoined,
}

public enum ParameterOperator
{
    /// <summary>Plain value.</summary>
    None,

    /// <summary><c>${#x}</c>.</summary>
    Length,

    /// <summary><c>${x:-w}</c></summary>
    DefaultIfUnsetOrEmpty,

    /// <summary><c>${x-w}</c></summary>
    DefaultIfUnset,

    /// <summary><c>${x:=w}</c></summary>
    AssignIfUnsetOrEmpty,

    /// <summary><c>${x=w}</c></summary>
    AssignIfUnset,

    /// <summary><c>${x:?w}</c></summary>
    ErrorIfUnsetOrEmpty,

    /// <summary><c>${x?w}</c></summary>
    ErrorIfUnset,

    /// <summary><c>${x:+w}</c></summary>
    AlternativeIfSetAndNotEmpty,

    /// <summary><c>${x+w}</c></summary>
    AlternativeIfSet,

    /// <summary><c>${x#p}</c></summary>
    RemoveShortestPrefix,

    /// <summary><c>${x##p}</c></summary>
    RemoveLongestPrefix,

    /// <summary><c>${x%p}</c></summary>
    RemoveShortestSuffix,

    /// <summary><c>${x%%p}</c></summary>
    RemoveLongestSuffix,

    /// <summary><c>${x/p/r}</c></summary>
    ReplaceFirst,

    /// <summary><c>${x//p/r}</c></summary>
    ReplaceAll,

    /// <summary><c>${x/#p/r}</c></summary>
    ReplacePrefix,

    /// <summary><c>${x/%p/r}</c></summary>
    ReplaceSuffix,

    /// <summary><c>${x^p}</c></summary>
    UpperFirst,

    /// <summary><c>${x^^p}</c></summary>
    UpperAll,

    /// <summary><c>${x,p}</c></summary>
    LowerFirst,

    /// <summary><c>${x,,p}</c></summary>
    LowerAll,

    /// <summary><c>${x:offset}</c>, <c>${x:offset:length}</c>: both words are arithmetic.</summary>
    Substring,

    /// <summary><c>${x@Q}</c> and friends; the letter is in <see cref="ParameterExpansion.Transform"/>.</summary>
    Transform,

    /// <summary><c>${!prefix*}</c> / <c>${!prefix@}</c>: names of set variables starting with Name (<see cref="ParameterExpansion.IndexKind"/> tells which).</summary>
    NamesWithPrefix,

    /// <summary><c>${!a[@]}</c> / <c>${!a[*]}</c>: the array's indices or keys.</summary>
    Keys,
}

/// <summary>
/// A parameter expansion. <paramref name="Name"/> is a variable name, a positional number
/// ("1", "10") or a special parameter ("@", "*", "#", "?", "-", "$", "!", "0").
/// <paramref name="Indirect"/> is <c>${!x}</c> (combinable with operators).
/// <paramref name="Argument"/>: the word, pattern or offset; <paramref name="Replacement"/>: the
/// replacement of <c>/</c> operators (null when there was no second slash) or the substring length.
/// <paramref name="Braced"/> is false for the short form <c>$x</c>.
/// </summary>
public sealed record ParameterExpansion(
    string Name,
    ParameterOperator Operator = ParameterOperator.None,
    IndexKind IndexKind = IndexKind.None,
    Word? Index = null,
    Word? Argument = null,
    Word? Replacement = null,
    bool Indirect = false,
    char Transform = '\0',
    bool Braced = true);

/// <summary>
/// A <c>${...}</c> that bash accepts when parsing but rejects when expanding (<c>${a.b}</c>, <c>${}</c>):
/// expanding it fails with "<see cref="Text"/>: bad substitution" and status 1.
/// </summary>
public sealed record BadSubstitutionPart(string Text) : WordPart;
