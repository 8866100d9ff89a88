namespace Mirage.Shell.Syntax.Ast;

/// <summary>The expression inside <c>[[ ... ]]</c>.</summary>
public abstract record ConditionalExpression;

/// <summary>A lone word: true when it expands to a non-empty string.</summary>
public sealed record ConditionalWord(Word Word) : ConditionalExpression;

/// <summary><c>-f file</c>, <c>-z str</c>, <c>-v name</c>...; <paramref name="Operator"/> is written as in the source ("-f").</summary>
public sealed record ConditionalUnary(string Operator, Word Operand) : ConditionalExpression;

/// <summary>
/// <c>a == b</c>, <c>a =~ re</c>, <c>a -lt b</c>... The right side of <c>==</c>, <c>=</c>, <c>!=</c>
/// is a pattern (its quoted parts match literally); of <c>=~</c> an extended regex (quoted parts literal).
/// </summary>
public sealed record ConditionalBinary(string Operator, Word Left, Word Right) : ConditionalExpression;

public sealed record ConditionalNot(ConditionalExpression Operand) : ConditionalExpression;

public sealed record ConditionalAnd(ConditionalExpression Left, ConditionalExpression Right) : ConditionalExpression;

public sealed record ConditionalOr(ConditionalExpression Left, ConditionalExpression Right) : ConditionalExpression;

/// <summary><c>( expression )</c>; kept so the printer reproduces the grouping.</summary>
public sealed record ConditionalGroup(ConditionalExpression Inner) : ConditionalExpression;
