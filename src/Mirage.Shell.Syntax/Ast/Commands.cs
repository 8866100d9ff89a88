namespace Mirage.Shell.Syntax.Ast;

/// <summary>A parsed script: the statements of a file, a <c>-c</c> string, or a command substitution body.</summary>
public sealed record Script(SyntaxList<Statement> Statements)
{
    public static Script Empty { get; } = new(SyntaxList<Statement>.Empty);
}

/// <summary>An and-or list ended by <c>;</c>, newline or (when <paramref name="Background"/>) <c>&amp;</c>.</summary>
public sealed record Statement(AndOrList List, bool Background, int Line);

public enum AndOrOperator
{
    /// <summary><c>&amp;&amp;</c></summary>
    And,

    /// <summary><c>||</c></summary>
    Or,
}

/// <summary><c>first &amp;&amp; a || b ...</c>; evaluated left to right with equal precedence.</summary>
public sealed record AndOrList(Pipeline First, SyntaxList<AndOrItem> Rest);

public sealed record AndOrItem(AndOrOperator Operator, Pipeline Pipeline);

/// <summary>
/// <c>[time [-p]] [!] cmd | cmd |&amp; cmd</c>. A single command is a pipeline of one stage.
/// </summary>
public sealed record Pipeline(SyntaxList<PipelineStage> Stages, bool Negated, bool Timed, bool TimePosixFormat, int Line);

/// <summary>One stage; <paramref name="PipeStderr"/> is true when it is followed by <c>|&amp;</c> (its stderr also goes down the pipe).</summary>
public sealed record PipelineStage(Command Command, bool PipeStderr);

/// <summary>
/// Any command. <see cref="Redirections"/> apply around it (for a simple command, in the order
/// written, wherever they appeared among its words).
/// </summary>
public abstract record Command
{
    /// <summary>The source line where the command starts ($LINENO, "line N:" messages).</summary>
    public abstract int Line { get; init; }

    public abstract SyntaxList<Redirection> Redirections { get; init; }
}

/// <summary>
/// <c>a=1 b=2 cmd arg... &gt;out</c>. <paramref name="Words"/> may be empty (assignments or
/// redirections only). For declaration commands, arguments written as assignments are words
/// holding a single <see cref="AssignmentPart"/>.
/// </summary>
public sealed record SimpleCommand(
    SyntaxList<Assignment> Assignments,
    SyntaxList<Word> Words,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

/// <summary>
/// <c>name=value</c>, <c>name+=value</c>, <c>name[index]=value</c>, <c>name=(a b [k]=v)</c>.
/// Exactly one of <paramref name="Value"/> and <paramref name="ArrayValue"/> is set.
/// </summary>
public sealed record Assignment(
    string Name,
    Word? Index,
    bool Append,
    Word? Value,
    SyntaxList<ArrayElement>? ArrayValue);

/// <summary>One element of a compound array assignment: <c>value</c> or <c>[key]=value</c>.</summary>
public sealed record ArrayElement(Word? Key, Word Value, bool AppendToKey = false);

/// <summary><c>{ list; }</c></summary>
public sealed record BraceGroup(SyntaxList<Statement> Body, SyntaxList<Redirection> Redirections, int Line) : Command;

/// <summary><c>( list )</c></summary>
public sealed record Subshell(SyntaxList<Statement> Body, SyntaxList<Redirection> Redirections, int Line) : Command;

/// <summary><c>if c; then b; elif c; then b; else e; fi</c>: the first clause is the <c>if</c>.</summary>
public sealed record IfCommand(
    SyntaxList<ConditionalClause> Clauses,
    SyntaxList<Statement>? Else,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

public sealed record ConditionalClause(SyntaxList<Statement> Condition, SyntaxList<Statement> Body);

/// <summary><c>while c; do b; done</c>, or <c>until</c> when <paramref name="Until"/>.</summary>
public sealed record WhileCommand(
    SyntaxList<Statement> Condition,
    SyntaxList<Statement> Body,
    bool Until,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

/// <summary><c>for name in words; do ...; done</c>; <paramref name="Items"/> is null for <c>for name; do</c> (iterates "$@").</summary>
public sealed record ForCommand(
    string Variable,
    SyntaxList<Word>? Items,
    SyntaxList<Statement> Body,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

/// <summary><c>for ((init; condition; update)); do ...; done</c>; each part may be empty (null).</summary>
public sealed record ArithmeticForCommand(
    Word? Initializer,
    Word? Condition,
    Word? Update,
    SyntaxList<Statement> Body,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

/// <summary><c>select name in words; do ...; done</c>.</summary>
public sealed record SelectCommand(
    string Variable,
    SyntaxList<Word>? Items,
    SyntaxList<Statement> Body,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

public enum CaseTerminator
{
    /// <summary><c>;;</c> (also the implicit one before <c>esac</c>).</summary>
    Break,

    /// <summary><c>;&amp;</c>: run the next body without testing.</summary>
    FallThrough,

    /// <summary><c>;;&amp;</c>: keep testing the following patterns.</summary>
    ContinueMatching,
}

/// <summary><c>case word in pat|pat) body ;; esac</c>.</summary>
public sealed record CaseCommand(
    Word Subject,
    SyntaxList<CaseItem> Items,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

public sealed record CaseItem(SyntaxList<Word> Patterns, SyntaxList<Statement> Body, CaseTerminator Terminator);

/// <summary>
/// <c>name() body</c>, <c>function name body</c>. Redirections written after the body belong to
/// the body (applied at each call), as in bash. <see cref="Redirections"/> of the definition itself is always empty.
/// </summary>
public sealed record FunctionDefinition(
    string Name,
    Command Body,
    bool FunctionKeyword,
    SyntaxList<Redirection> Redirections,
    int Line) : Command;

/// <summary><c>(( expression ))</c>: the expression is expanded, then evaluated; status 0 when non-zero.</summary>
public sealed record ArithmeticCommand(Word Expression, SyntaxList<Redirection> Redirections, int Line) : Command;

/// <summary><c>[[ expression ]]</c>.</summary>
public sealed record ConditionalCommand(ConditionalExpression Expression, SyntaxList<Redirection> Redirections, int Line) : Command;
