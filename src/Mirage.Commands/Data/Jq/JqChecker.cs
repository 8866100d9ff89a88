namespace Mirage.Commands.Data.Jq;

/// <summary>Compile-time checks jq makes before running: every function and variable must be defined.</summary>
internal static class JqChecker
{
    private sealed record Scope(Scope? Parent, string Name);

    public static List<(string Message, int Position)> Check(Ast program, IEnumerable<string> globals)
    {
        Scope? scope = null;
        foreach (var name in JqInterpreter.NativeNames) scope = new Scope(scope, name);
        foreach (var name in JqInterpreter.PreludeNames()) scope = new Scope(scope, name);
        scope = new Scope(scope, "$ENV");
        scope = new Scope(scope, "$__loc__");
        foreach (var name in globals) scope = new Scope(scope, "$" + name);
        var errors = new List<(string Message, int Position)>();
        Visit(program, scope, errors);
        return errors;
    }

    private static bool Defined(Scope? scope, string name)
    {
        for (var s = scope; s is not null; s = s.Parent) if (s.Name == name) return true;
        return false;
    }

    private static void Visit(Ast? ast, Scope? scope, List<(string Message, int Position)> errors)
    {
        switch (ast)
        {
            case null or IdentityAst or LiteralAst or FormatAst:
                break;
            case StringAst str:
                foreach (var part in str.Parts) if (part is Ast inner) Visit(inner, scope, errors);
                break;
            case IndexAst index:
                Visit(index.Target, scope, errors);
                Visit(index.Key, scope, errors);
                break;
            case SliceAst slice:
                Visit(slice.Target, scope, errors);
                Visit(slice.From, scope, errors);
                Visit(slice.To, scope, errors);
                break;
            case IterateAst iterate:
                Visit(iterate.Target, scope, errors);
                break;
            case TryAst tryAst:
                Visit(tryAst.Body, scope, errors);
                Visit(tryAst.Catch, scope, errors);
                break;
            case PipeAst pipe:
                Visit(pipe.Left, scope, errors);
                Visit(pipe.Right, scope, errors);
                break;
            case CommaAst comma:
                Visit(comma.Left, scope, errors);
                Visit(comma.Right, scope, errors);
                break;
            case NegateAst negate:
                Visit(negate.Operand, scope, errors);
                break;
            case BinaryAst binary:
                if (binary.Op is "/" or "%" && binary.Left is LiteralAst { Value: double } && binary.Right is LiteralAst { Value: 0.0 })
                {
                    errors.Add((binary.Op == "/" ? "Division by zero?" : "Remainder by zero?", binary.Position));
                }
                Visit(binary.Left, scope, errors);
                Visit(binary.Right, scope, errors);
                break;
            case AndAst and:
                Visit(and.Left, scope, errors);
                Visit(and.Right, scope, errors);
                break;
            case OrAst or:
                Visit(or.Left, scope, errors);
                Visit(or.Right, scope, errors);
                break;
            case AlternativeAst alternative:
                Visit(alternative.Left, scope, errors);
                Visit(alternative.Right, scope, errors);
                break;
            case AssignAst assign:
                Visit(assign.Left, scope, errors);
                Visit(assign.Right, scope, errors);
                break;
            case IfAst ifAst:
                Visit(ifAst.Condition, scope, errors);
                Visit(ifAst.Then, scope, errors);
                Visit(ifAst.Else, scope, errors);
                break;
            case ReduceAst reduce:
                Visit(reduce.Source, scope, errors);
                Visit(reduce.Init, scope, errors);
                Visit(reduce.Update, BindPattern(reduce.Pattern, scope, errors), errors);
                break;
            case ForeachAst forEach:
                {
                    Visit(forEach.Source, scope, errors);
                    Visit(forEach.Init, scope, errors);
                    var inner = BindPattern(forEach.Pattern, scope, errors);
                    Visit(forEach.Update, inner, errors);
                    Visit(forEach.Extract, inner, errors);
                    break;
                }
            case DefAst def:
                {
                    var withSelf = new Scope(scope, def.Def.Name + "/" + def.Def.Params.Count);
                    var body = withSelf;
                    foreach (var param in def.Def.Params)
                    {
                        body = param.StartsWith('$')
                            ? new Scope(new Scope(body, param), param[1..] + "/0")
                            : new Scope(body, param + "/0");
                    }
                    Visit(def.Def.Body, body, errors);
                    Visit(def.Rest, withSelf, errors);
                    break;
                }
            case CallAst call:
                {
                    var key = call.Name + "/" + call.Args.Count;
                    if (!Defined(scope, key)) errors.Add(($"{key} is not defined", call.Position));
                    foreach (var arg in call.Args) Visit(arg, scope, errors);
                    break;
                }
            case VarAst variable:
                if (!Defined(scope, "$" + variable.Name)) errors.Add(($"${variable.Name} is not defined", variable.Position));
                break;
            case BindAst bind:
                {
                    Visit(bind.Source, scope, errors);
                    var inner = scope;
                    foreach (var pattern in bind.Patterns) inner = BindPattern(pattern, inner, errors);
                    Visit(bind.Body, inner, errors);
                    break;
                }
            case LabelAst label:
                Visit(label.Body, new Scope(scope, "*" + label.Name), errors);
                break;
            case BreakAst breakAst:
                if (!Defined(scope, "*" + breakAst.Name)) errors.Add(($"$*label-{breakAst.Name} is not defined", 0));
                break;
            case ArrayAst array:
                Visit(array.Body, scope, errors);
                break;
            case ObjectAst obj:
                foreach (var entry in obj.Entries)
                {
                    if (entry.Key is LiteralAst { Value: not string } literal)
                    {
                        errors.Add(($"Cannot use {JqValues.Describe(literal.Value)} as object key", entry.Position));
                    }
                    Visit(entry.Key, scope, errors);
                    Visit(entry.Value, scope, errors);
                }
                break;
        }
    }

    private static Scope? BindPattern(Pattern pattern, Scope? scope, List<(string Message, int Position)> errors)
    {
        switch (pattern)
        {
            case VarPattern v:
                return new Scope(scope, "$" + v.Name);
            case ArrayPattern a:
                foreach (var element in a.Elements) scope = BindPattern(element, scope, errors);
                return scope;
            case ObjectPattern o:
                foreach (var entry in o.Entries)
                {
                    if (entry.KeyVar is not null) scope = new Scope(scope, "$" + entry.KeyVar);
                    else Visit(entry.Key, scope, errors);
                    if (entry.Value is not null) scope = BindPattern(entry.Value, scope, errors);
                }
                return scope;
            default:
                return scope;
        }
    }
}
