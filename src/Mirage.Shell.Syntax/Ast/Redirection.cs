namespace Mirage.Shell.Syntax.Ast;

public enum RedirectionOperator
{
    /// <summary><c>&lt;</c></summary>
    Input,

    /// <summary><c>&gt;</c></summary>
    Output,

    /// <summary><c>&gt;&gt;</c></summary>
    Append,

    /// <summary><c>&gt;|</c></summary>
    Clobber,

    /// <summary><c>&lt;&gt;</c></summary>
    ReadWrite,

    /// <summary><c>&lt;&amp;word</c>: duplicate (a number) or close (<c>-</c>); <c>&lt;&amp;3-</c> moves.</summary>
    DuplicateInput,

    /// <summary><c>&gt;&amp;word</c>: duplicate or close; without a fd and with a non-number word it means <c>&amp;&gt;word</c>.</summary>
    DuplicateOutput,

    /// <summary><c>&amp;&gt;word</c>: stdout and stderr to the file.</summary>
    OutputAndError,

    /// <summary><c>&amp;&gt;&gt;word</c></summary>
    AppendOutputAndError,

    /// <summary><c>&lt;&lt;&lt;word</c></summary>
    HereString,

    /// <summary><c>&lt;&lt;DELIM</c> or <c>&lt;&lt;-DELIM</c>; see <see cref="Redirection.HereDocument"/>.</summary>
    HereDocument,
}

/// <summary>
/// <c>[n]op target</c>. <paramref name="Fd"/> is the explicit descriptor number (null: the
/// operator's default, 0 or 1); <paramref name="FdVariable"/> is the name in <c>{name}&gt;file</c>.
/// For here-documents <paramref name="Target"/> is the delimiter word as written and
/// <paramref name="HereDocument"/> holds the body.
/// </summary>
public sealed record Redirection(
    int? Fd,
    RedirectionOperator Operator,
    Word Target,
    HereDocument? HereDocument = null,
    string? FdVariable = null)
{
    /// <summary>The descriptor the redirection changes when no number was written.</summary>
    public int DefaultFd => Operator is RedirectionOperator.Input or RedirectionOperator.ReadWrite
        or RedirectionOperator.DuplicateInput or RedirectionOperator.HereString or RedirectionOperator.HereDocument ? 0 : 1;
}

/// <summary>
/// A here-document body. When <see cref="Quoted"/> (any part of the delimiter was quoted) the
/// body is one <see cref="QuotedLiteralPart"/>; otherwise its parts are expanded like the inside of
/// double quotes (literals, parameters, command substitutions, arithmetic), never split or globbed.
/// <see cref="StripTabs"/> (<c>&lt;&lt;-</c>): leading tabs were already removed from the body.
/// </summary>
public sealed class HereDocument : IEquatable<HereDocument>
{
    public HereDocument(string delimiter, bool quoted, bool stripTabs, Word? body = null)
    {
        Delimiter = delimiter;
        Quoted = quoted;
        StripTabs = stripTabs;
        Body = body ?? Word.Empty;
    }

    public string Delimiter { get; }

    public bool Quoted { get; }

    public bool StripTabs { get; }

    /// <summary>Filled in by the parser when it reaches the body, after the rest of the line is parsed.</summary>
    public Word Body { get; internal set; }

    /// <summary>
    /// Set when the input ended before the delimiter line, for bash's warning "here-document at line N delimited by
    /// end-of-file": N (the line before the body, as bash counts it) and the last line read. Not part of equality.
    /// </summary>
    public (int OpenedAt, int EndedAt)? Unterminated { get; internal set; }

    public bool Equals(HereDocument? other) =>
        other is not null && Delimiter == other.Delimiter && Quoted == other.Quoted
        && StripTabs == other.StripTabs && Body.Equals(other.Body);

    public override bool Equals(object? obj) => Equals(obj as HereDocument);

    public override int GetHashCode() => HashCode.Combine(Delimiter, Quoted, StripTabs, Body);

    public override string ToString() => $"HereDocument {{ Delimiter = {Delimiter}, Quoted = {Quoted}, StripTabs = {StripTabs}, Body = {Body} }}";
}
