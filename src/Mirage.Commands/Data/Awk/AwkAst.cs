namespace Mirage.Commands.Data.Awk;

internal abstract class Expr;

internal sealed class NumberExpr(double value) : Expr
{
    public AwkValue Value { get; } = AwkValue.FromNumber(value);
}

internal sealed class StringExpr(string value) : Expr
{
    public AwkValue Value { get; } = AwkValue.FromString(value);
}

/// <summary>A /regex/ literal: alone it matches $0.</summary>
internal sealed class RegexExpr(string source) : Expr
{
    public string Source { get; } = source;
}

internal sealed class GlobalVar(string name, int slot) : Expr
{
    public string Name { get; } = name;
    public int Slot { get; } = slot;
}

internal sealed class LocalVar(string name, int slot) : Expr
{
    public string Name { get; } = name;
    public int Slot { get; } = slot;
}

internal sealed class IndexExpr(Expr array, IReadOnlyList<Expr> subscripts) : Expr
{
    public Expr Array { get; } = array;
    public IReadOnlyList<Expr> Subscripts { get; } = subscripts;
}

internal sealed class FieldExpr(Expr index) : Expr
{
    public Expr Index { get; } = index;
}

internal sealed class AssignExpr(Expr target, string op, Expr value) : Expr
{
    public Expr Target { get; } = target;
    /// <summary>"=" or the arithmetic operator of a compound assignment ("+", "^", ...).</summary>
    public string Op { get; } = op;
    public Expr Value { get; } = value;
}

internal sealed class CondExpr(Expr test, Expr yes, Expr no) : Expr
{
    public Expr Test { get; } = test;
    public Expr Yes { get; } = yes;
    public Expr No { get; } = no;
}

internal sealed class AndExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

internal sealed class OrExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

internal sealed class InExpr(IReadOnlyList<Expr> subscripts, Expr array) : Expr
{
    public IReadOnlyList<Expr> Subscripts { get; } = subscripts;
    public Expr Array { get; } = array;
}

internal sealed class MatchExpr(Expr left, Expr regex, bool negate) : Expr
{
    public Expr Left { get; } = left;
    public Expr Regex { get; } = regex;
    public bool Negate { get; } = negate;
}

internal sealed class CompareExpr(Expr left, string op, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public string Op { get; } = op;
    public Expr Right { get; } = right;
}

internal sealed class ConcatExpr(Expr left, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}

internal sealed class BinaryExpr(Expr left, char op, Expr right) : Expr
{
    public Expr Left { get; } = left;
    public char Op { get; } = op;
    public Expr Right { get; } = right;
}

internal sealed class UnaryExpr(char op, Expr operand) : Expr
{
    /// <summary>'-', '+' or '!'.</summary>
    public char Op { get; } = op;
    public Expr Operand { get; } = operand;
}

internal sealed class IncrementExpr(Expr target, int delta, bool prefix) : Expr
{
    public Expr Target { get; } = target;
    public int Delta { get; } = delta;
    public bool Prefix { get; } = prefix;
}

internal sealed class GroupExpr(Expr inner) : Expr
{
    public Expr Inner { get; } = inner;
}

internal sealed class CallExpr(string name, IReadOnlyList<Expr> arguments, int position) : Expr
{
    public string Name { get; } = name;
    public IReadOnlyList<Expr> Arguments { get; } = arguments;
    public int Position { get; } = position;
    public AwkFunction? Function { get; set; }
}

internal sealed class BuiltinExpr(string name, IReadOnlyList<Expr> arguments) : Expr
{
    public string Name { get; } = name;
    public IReadOnlyList<Expr> Arguments { get; } = arguments;
}

internal enum GetlineSource
{
    Main,
    File,
    Command,
}

internal sealed class GetlineExpr(GetlineSource source, Expr? target, Expr? from) : Expr
{
    public GetlineSource Source { get; } = source;
    public Expr? Target { get; } = target;
    public Expr? From { get; } = from;
}

internal abstract class Stmt;

internal sealed class ExprStmt(Expr expression) : Stmt
{
    public Expr Expression { get; } = expression;
}

internal sealed class BlockStmt(IReadOnlyList<Stmt> body) : Stmt
{
    public IReadOnlyList<Stmt> Body { get; } = body;
}

internal sealed class IfStmt(Expr test, Stmt then, Stmt? otherwise) : Stmt
{
    public Expr Test { get; } = test;
    public Stmt Then { get; } = then;
    public Stmt? Otherwise { get; } = otherwise;
}

internal sealed class WhileStmt(Expr test, Stmt body) : Stmt
{
    public Expr Test { get; } = test;
    public Stmt Body { get; } = body;
}

internal sealed class DoStmt(Stmt body, Expr test) : Stmt
{
    public Stmt Body { get; } = body;
    public Expr Test { get; } = test;
}

internal sealed class ForStmt(Stmt? init, Expr? test, Stmt? step, Stmt body) : Stmt
{
    public Stmt? Init { get; } = init;
    public Expr? Test { get; } = test;
    public Stmt? Step { get; } = step;
    public Stmt Body { get; } = body;
}

internal sealed class ForInStmt(Expr variable, Expr array, Stmt body) : Stmt
{
    public Expr Variable { get; } = variable;
    public Expr Array { get; } = array;
    public Stmt Body { get; } = body;
}

internal enum JumpKind
{
    Break,
    Continue,
    Next,
    NextFile,
}

internal sealed class JumpStmt(JumpKind kind) : Stmt
{
    public JumpKind Kind { get; } = kind;
}

internal sealed class ExitStmt(Expr? status) : Stmt
{
    public Expr? Status { get; } = status;
}

internal sealed class ReturnStmt(Expr? value) : Stmt
{
    public Expr? Value { get; } = value;
}

internal sealed class DeleteStmt(Expr array, IReadOnlyList<Expr>? subscripts) : Stmt
{
    public Expr Array { get; } = array;
    public IReadOnlyList<Expr>? Subscripts { get; } = subscripts;
}

internal sealed class PrintStmt(bool formatted, IReadOnlyList<Expr> arguments, string? redirect, Expr? destination) : Stmt
{
    public bool Formatted { get; } = formatted;
    public IReadOnlyList<Expr> Arguments { get; } = arguments;
    /// <summary>null, ">", ">>" or "|".</summary>
    public string? Redirect { get; } = redirect;
    public Expr? Destination { get; } = destination;
}

internal enum RuleKind
{
    Begin,
    End,
    BeginFile,
    EndFile,
    Main,
}

internal sealed class AwkRule(RuleKind kind, Expr? pattern, Expr? rangeEnd, BlockStmt? action)
{
    public RuleKind Kind { get; } = kind;
    public Expr? Pattern { get; } = pattern;
    public Expr? RangeEnd { get; } = rangeEnd;
    /// <summary>null means print $0.</summary>
    public BlockStmt? Action { get; } = action;
    public bool InRange { get; set; }
}

internal sealed class AwkFunction(string name, IReadOnlyList<string> parameters)
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Parameters { get; } = parameters;
    public BlockStmt Body { get; set; } = new([]);
}

internal sealed class AwkProgram(IReadOnlyList<AwkRule> rules, IReadOnlyDictionary<string, AwkFunction> functions, IReadOnlyList<string> globals)
{
    public IReadOnlyList<AwkRule> Rules { get; } = rules;
    public IReadOnlyDictionary<string, AwkFunction> Functions { get; } = functions;
    public IReadOnlyList<string> Globals { get; } = globals;
}
