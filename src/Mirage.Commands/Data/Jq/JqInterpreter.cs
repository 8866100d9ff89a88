namespace Mirage.Commands.Data.Jq;

/// <summary>A path from the root value, kept as a parent-linked list so appending is cheap.</summary>
internal sealed class PathNode
{
    public static readonly PathNode Root = new(null, null);

    private PathNode(PathNode? parent, object? key)
    {
        Parent = parent;
        Key = key;
    }

    public PathNode? Parent { get; }

    public object? Key { get; }

    public PathNode Append(object? key) => new(this, key);

    public List<object?> ToList()
    {
        var list = new List<object?>();
        for (var node = this; node.Parent is not null; node = node.Parent) list.Add(node.Key);
        list.Reverse();
        return list;
    }

    public static PathNode FromList(PathNode start, List<object?> keys)
    {
        var node = start;
        foreach (var key in keys) node = node.Append(key);
        return node;
    }
}

/// <summary>A value and, when paths are being tracked (path(), assignments), where it came from.</summary>
internal readonly record struct Pv(object? Value, PathNode? Path)
{
    public bool Tracking => Path is not null;

    public Pv Untracked => new(Value, null);
}

/// <summary>A function value: a definition plus the environment it closes over.</summary>
internal sealed class Closure
{
    public Closure(FuncDef def, Env? env)
    {
        Def = def;
        Env = env;
    }

    public FuncDef Def { get; }

    public Env? Env { get; set; }
}

/// <summary>Lexical scope: variables, functions and labels, innermost first.</summary>
internal sealed class Env
{
    private Env(Env? parent, string name, object? value, Closure? function)
    {
        Parent = parent;
        Name = name;
        Value = value;
        Function = function;
    }

    public Env? Parent { get; }

    /// <summary>"$name" for variables, "name/arity" for functions, "*name" for labels.</summary>
    public string Name { get; }

    public object? Value { get; }

    public Closure? Function { get; }

    public static Env BindVariable(Env? parent, string name, object? value) => new(parent, "$" + name, value, null);

    public static Env BindFunction(Env? parent, Closure closure) => new(parent, closure.Def.Name + "/" + closure.Def.Params.Count, null, closure);

    public static Env BindLabel(Env? parent, string name, object label) => new(parent, "*" + name, label, null);

    public static Env? Find(Env? env, string name)
    {
        for (var e = env; e is not null; e = e.Parent)
        {
            if (e.Name == name) return e;
        }
        return null;
    }
}

internal sealed class BreakException : Exception
{
    public BreakException(object label) : base("break") { Label = label; }

    public BreakException() : base("break") { Label = new object(); }

    public BreakException(string message, Exception inner) : base(message, inner) { Label = new object(); }

    public object Label { get; }
}

/// <summary>halt / halt_error: stop at once with a status (and, for halt_error, a message).</summary>
internal sealed class HaltException : Exception
{
    public HaltException(int status, object? value, bool hasValue) : base("halt")
    {
        Status = status;
        Value = value;
        HasValue = hasValue;
    }

    public HaltException() : base("halt") { }

    public HaltException(string message, Exception inner) : base(message, inner) { }

    public int Status { get; }

    public object? Value { get; }

    public bool HasValue { get; }
}

/// <summary>What the program can reach outside itself: inputs, $ENV, stderr for debug.</summary>
internal interface IJqHost
{
    bool TryReadInput(out object? value);

    string? CurrentFilename { get; }

    int CurrentLine { get; }

    IReadOnlyDictionary<string, string> Environment { get; }

    void WriteStderr(string text);
}

/// <summary>Evaluates jq programs as lazy generators; backtracking is enumeration, errors are exceptions.</summary>
internal sealed partial class JqInterpreter
{
    private readonly IJqHost _host;
    private readonly Env? _root;
    private readonly OrderedDictionary<string, object?> _environment;

    public JqInterpreter(IJqHost host, IReadOnlyDictionary<string, object?> variables)
    {
        _host = host;
        var env = Prelude;
        foreach (var (name, value) in variables) env = Env.BindVariable(env, name, value);
        var envObject = JqValues.NewObject();
        foreach (var (key, value) in host.Environment) envObject[key] = value;
        env = Env.BindVariable(env, "ENV", envObject);
        _environment = envObject;
        _root = env;
    }

    public Env? RootEnv => _root;

    public IEnumerable<object?> Run(Ast program, object? input)
    {
        foreach (var result in Eval(program, _root, new Pv(input, null))) yield return result.Value;
    }

    private static JqException InvalidPath(object? value) => new("Invalid path expression with result " + JqValues.Dump(value));

    private IEnumerable<Pv> Eval(Ast ast, Env? env, Pv input)
    {
        switch (ast)
        {
            case IdentityAst:
                return [input];
            case LiteralAst literal:
                if (input.Tracking) return Throw(InvalidPath(literal.Value));
                return [new Pv(literal.Value, null)];
            case IndexAst index:
                return EvalIndex(index, env, input);
            case SliceAst slice:
                return EvalSlice(slice, env, input);
            case IterateAst iterate:
                return EvalIterate(iterate, env, input);
            case PipeAst pipe:
                return EvalPipe(pipe, env, input);
            case CommaAst comma:
                return EvalComma(comma, env, input);
            case TryAst tryAst:
                return EvalTry(tryAst, env, input);
            case CallAst call:
                return EvalCall(call, env, input);
            case VarAst variable:
                return EvalVar(variable, env, input);
            case BindAst bind:
                return EvalBind(bind, env, input);
            case IfAst ifAst:
                return EvalIf(ifAst, env, input);
            case AlternativeAst alternative:
                return EvalAlternative(alternative, env, input);
            case DefAst def:
                {
                    var closure = new Closure(def.Def, null);
                    var inner = Env.BindFunction(env, closure);
                    closure.Env = inner;
                    return Eval(def.Rest, inner, input);
                }
            case ReduceAst reduce:
                return NotPath(input, EvalReduce(reduce, env, input.Untracked));
            case ForeachAst forEach:
                return EvalForeach(forEach, env, input);
            case LabelAst label:
                return EvalLabel(label, env, input);
            case BreakAst breakAst:
                {
                    var found = Env.Find(env, "*" + breakAst.Name) ?? throw new JqException("$*label-" + breakAst.Name + " is not defined");
                    return Throw(new BreakException(found.Value!));
                }
            case AssignAst assign:
                return NotPath(input, EvalAssign(assign, env, input.Untracked));
            default:
                return NotPath(input, EvalValue(ast, env, input.Untracked));
        }
    }

    private static IEnumerable<Pv> Throw(Exception error) => throw error;

    /// <summary>Results of an expression that builds new values: fine as values, invalid as paths.</summary>
    private static IEnumerable<Pv> NotPath(Pv input, IEnumerable<Pv> results)
    {
        if (!input.Tracking) return results;
        return Check(results);

        static IEnumerable<Pv> Check(IEnumerable<Pv> results)
        {
            foreach (var result in results)
            {
                if (result.Path is null) throw InvalidPath(result.Value);
                yield return result;
            }
        }
    }

    /// <summary>Every value an expression yields, for arguments and conditions.</summary>
    public IEnumerable<object?> Values(Ast ast, Env? env, object? input)
    {
        foreach (var result in Eval(ast, env, new Pv(input, null))) yield return result.Value;
    }

    private IEnumerable<Pv> EvalValue(Ast ast, Env? env, Pv input)
    {
        switch (ast)
        {
            case StringAst str:
                foreach (var s in EvalString(str, 0, env, input.Value, "")) yield return new Pv(s, null);
                break;
            case FormatAst format:
                yield return new Pv(JqFormats.Apply(format.Name, input.Value), null);
                break;
            case NegateAst negate:
                foreach (var value in Values(negate.Operand, env, input.Value))
                {
                    if (value is not double d) throw new JqException($"{JqValues.Describe(value)} cannot be negated");
                    yield return new Pv(-d, null);
                }
                break;
            case BinaryAst binary:
                foreach (var right in Values(binary.Right, env, input.Value))
                {
                    foreach (var left in Values(binary.Left, env, input.Value))
                    {
                        yield return new Pv(JqOperators.Binary(binary.Op, left, right), null);
                    }
                }
                break;
            case AndAst and:
                foreach (var left in Values(and.Left, env, input.Value))
                {
                    if (!JqValues.IsTruthy(left))
                    {
                        yield return new Pv(false, null);
                        continue;
                    }
                    foreach (var right in Values(and.Right, env, input.Value)) yield return new Pv(JqValues.IsTruthy(right), null);
                }
                break;
            case OrAst or:
                foreach (var left in Values(or.Left, env, input.Value))
                {
                    if (JqValues.IsTruthy(left))
                    {
                        yield return new Pv(true, null);
                        continue;
                    }
                    foreach (var right in Values(or.Right, env, input.Value)) yield return new Pv(JqValues.IsTruthy(right), null);
                }
                break;
            case ArrayAst array:
                {
                    var list = new List<object?>();
                    if (array.Body is not null) list.AddRange(Values(array.Body, env, input.Value));
                    yield return new Pv(list, null);
                    break;
                }
            case ObjectAst obj:
                foreach (var built in BuildObject(obj.Entries, 0, env, input.Value, JqValues.NewObject())) yield return new Pv(built, null);
                break;
            default:
                throw new InvalidOperationException("unknown node " + ast.GetType().Name);
        }
    }

    private IEnumerable<string> EvalString(StringAst str, int index, Env? env, object? input, string prefix)
    {
        if (index == str.Parts.Count)
        {
            yield return prefix;
            yield break;
        }
        if (str.Parts[index] is string text)
        {
            foreach (var s in EvalString(str, index + 1, env, input, prefix + text)) yield return s;
            yield break;
        }
        foreach (var value in Values((Ast)str.Parts[index], env, input))
        {
            var piece = str.Format is null ? JqValues.ToText(value) : JqFormats.Apply(str.Format, value);
            foreach (var s in EvalString(str, index + 1, env, input, prefix + piece)) yield return s;
        }
    }

    private IEnumerable<OrderedDictionary<string, object?>> BuildObject(IReadOnlyList<ObjectEntry> entries, int index, Env? env, object? input, OrderedDictionary<string, object?> soFar)
    {
        if (index == entries.Count)
        {
            yield return soFar;
            yield break;
        }
        var entry = entries[index];
        foreach (var key in Values(entry.Key, env, input))
        {
            if (key is not string name)
            {
                throw new JqException($"Cannot use {JqValues.Describe(key)} as object key");
            }
            foreach (var value in Values(entry.Value, env, input))
            {
                var next = new OrderedDictionary<string, object?>(soFar, StringComparer.Ordinal);
                next[name] = value;
                foreach (var built in BuildObject(entries, index + 1, env, input, next)) yield return built;
            }
        }
    }

    private IEnumerable<Pv> EvalIndex(IndexAst index, Env? env, Pv input)
    {
        foreach (var key in Values(index.Key, env, input.Value))
        {
            foreach (var target in Eval(index.Target, env, input))
            {
                var value = JqOperators.Index(target.Value, key);
                yield return new Pv(value, target.Path?.Append(key));
            }
        }
    }

    private IEnumerable<Pv> EvalSlice(SliceAst slice, Env? env, Pv input)
    {
        var toValues = slice.To is null ? [null] : Values(slice.To, env, input.Value).ToList();
        var fromValues = slice.From is null ? [null] : Values(slice.From, env, input.Value).ToList();
        foreach (var to in toValues)
        {
            foreach (var from in fromValues)
            {
                foreach (var target in Eval(slice.Target, env, input))
                {
                    var key = JqValues.NewObject();
                    key["start"] = from;
                    key["end"] = to;
                    yield return new Pv(JqOperators.Index(target.Value, key), target.Path?.Append(key));
                }
            }
        }
    }

    private IEnumerable<Pv> EvalIterate(IterateAst iterate, Env? env, Pv input)
    {
        foreach (var target in Eval(iterate.Target, env, input))
        {
            foreach (var item in Iterate(target)) yield return item;
        }
    }

    public static IEnumerable<Pv> Iterate(Pv target)
    {
        switch (target.Value)
        {
            case List<object?> array:
                for (var i = 0; i < array.Count; i++) yield return new Pv(array[i], target.Path?.Append((double)i));
                break;
            case OrderedDictionary<string, object?> obj:
                foreach (var (key, value) in obj) yield return new Pv(value, target.Path?.Append(key));
                break;
            default:
                throw new JqException($"Cannot iterate over {JqValues.Describe(target.Value)}");
        }
    }

    private IEnumerable<Pv> EvalPipe(PipeAst pipe, Env? env, Pv input)
    {
        foreach (var left in Eval(pipe.Left, env, input))
        {
            foreach (var right in Eval(pipe.Right, env, left)) yield return right;
        }
    }

    private IEnumerable<Pv> EvalComma(CommaAst comma, Env? env, Pv input)
    {
        foreach (var left in Eval(comma.Left, env, input)) yield return left;
        foreach (var right in Eval(comma.Right, env, input)) yield return right;
    }

    private IEnumerable<Pv> EvalTry(TryAst tryAst, Env? env, Pv input)
    {
        using var results = Eval(tryAst.Body, env, input).GetEnumerator();
        while (true)
        {
            JqException? caught = null;
            try
            {
                if (!results.MoveNext()) yield break;
            }
            catch (JqException error)
            {
                caught = error;
            }
            if (caught is not null)
            {
                if (tryAst.Catch is null) yield break;
                // error(null) caught: jq hands the handler null.
                foreach (var handled in Eval(tryAst.Catch, env, new Pv(caught.Value, null)))
                {
                    if (input.Tracking && handled.Path is null) throw InvalidPath(handled.Value);
                    yield return handled;
                }
                yield break;
            }
            yield return results.Current;
        }
    }

    private IEnumerable<Pv> EvalVar(VarAst variable, Env? env, Pv input)
    {
        var found = Env.Find(env, "$" + variable.Name) ?? throw new JqException($"${variable.Name} is not defined");
        if (input.Tracking)
        {
            // getpath-style variables are not paths; jq reports the value.
            throw InvalidPath(found.Value);
        }
        yield return new Pv(found.Value, null);
    }

    private IEnumerable<Pv> EvalBind(BindAst bind, Env? env, Pv input)
    {
        foreach (var value in Values(bind.Source, env, input.Value))
        {
            if (bind.Patterns.Count == 1)
            {
                foreach (var bound in Destructure(bind.Patterns[0], env, input.Value, value))
                {
                    foreach (var result in Eval(bind.Body, bound, input)) yield return result;
                }
                continue;
            }
            // ?// : try each pattern in turn; an error in one (binding or body) moves to the next.
            var allNames = new List<string>();
            foreach (var pattern in bind.Patterns) CollectNames(pattern, allNames);
            for (var i = 0; i < bind.Patterns.Count; i++)
            {
                var baseEnv = env;
                foreach (var name in allNames) baseEnv = Env.BindVariable(baseEnv, name, null);
                var outputs = new List<Pv>();
                JqException? failure = null;
                try
                {
                    foreach (var bound in Destructure(bind.Patterns[i], baseEnv, input.Value, value))
                    {
                        outputs.AddRange(Eval(bind.Body, bound, input));
                    }
                }
                catch (JqException error)
                {
                    failure = error;
                }
                foreach (var output in outputs) yield return output;
                if (failure is null) break;
                if (i == bind.Patterns.Count - 1) throw failure;
            }
        }
    }

    private static void CollectNames(Pattern pattern, List<string> names)
    {
        switch (pattern)
        {
            case VarPattern v: names.Add(v.Name); break;
            case ArrayPattern a: foreach (var e in a.Elements) CollectNames(e, names); break;
            case ObjectPattern o:
                foreach (var e in o.Entries)
                {
                    if (e.KeyVar is not null) names.Add(e.KeyVar);
                    if (e.Value is not null) CollectNames(e.Value, names);
                }
                break;
        }
    }

    private IEnumerable<Env?> Destructure(Pattern pattern, Env? env, object? input, object? value)
    {
        switch (pattern)
        {
            case VarPattern v:
                yield return Env.BindVariable(env, v.Name, value);
                break;
            case ArrayPattern array:
                {
                    if (value is not (null or List<object?>)) throw new JqException($"Cannot index {JqValues.TypeName(value)} with number");
                    IEnumerable<Env?> envs = [env];
                    for (var i = 0; i < array.Elements.Count; i++)
                    {
                        var element = JqOperators.Index(value, (double)i);
                        var elementPattern = array.Elements[i];
                        envs = envs.SelectMany(e => Destructure(elementPattern, e, input, element)).ToList();
                    }
                    foreach (var e in envs) yield return e;
                    break;
                }
            case ObjectPattern obj:
                {
                    IEnumerable<Env?> envs = [env];
                    foreach (var entry in obj.Entries)
                    {
                        var next = new List<Env?>();
                        foreach (var e in envs)
                        {
                            foreach (var key in Values(entry.Key, e, input))
                            {
                                if (key is not string) throw new JqException($"Cannot index {JqValues.TypeName(value)} with {JqValues.TypeName(key)}");
                                var element = JqOperators.Index(value, key);
                                var withKey = entry.KeyVar is null ? e : Env.BindVariable(e, entry.KeyVar, element);
                                if (entry.Value is null) next.Add(withKey);
                                else next.AddRange(Destructure(entry.Value, withKey, input, element));
                            }
                        }
                        envs = next;
                    }
                    foreach (var e in envs) yield return e;
                    break;
                }
        }
    }

    private IEnumerable<Pv> EvalIf(IfAst ifAst, Env? env, Pv input)
    {
        foreach (var condition in Values(ifAst.Condition, env, input.Value))
        {
            var branch = JqValues.IsTruthy(condition) ? ifAst.Then : ifAst.Else;
            if (branch is null)
            {
                yield return input;
                continue;
            }
            foreach (var result in Eval(branch, env, input)) yield return result;
        }
    }

    private IEnumerable<Pv> EvalAlternative(AlternativeAst alternative, Env? env, Pv input)
    {
        // jq 1.6 lets errors on the left propagate.
        var any = false;
        foreach (var left in Eval(alternative.Left, env, input))
        {
            if (!JqValues.IsTruthy(left.Value)) continue;
            any = true;
            yield return left;
        }
        if (any) yield break;
        foreach (var right in Eval(alternative.Right, env, input)) yield return right;
    }

    private IEnumerable<Pv> EvalReduce(ReduceAst reduce, Env? env, Pv input)
    {
        foreach (var init in Values(reduce.Init, env, input.Value))
        {
            var state = init;
            foreach (var item in Values(reduce.Source, env, input.Value))
            {
                foreach (var bound in Destructure(reduce.Pattern, env, input.Value, item))
                {
                    object? last = null;
                    foreach (var next in Values(reduce.Update, bound, state)) last = next;
                    state = last;
                }
            }
            yield return new Pv(state, null);
        }
    }

    private IEnumerable<Pv> EvalForeach(ForeachAst forEach, Env? env, Pv input)
    {
        foreach (var init in Values(forEach.Init, env, input.Value))
        {
            var state = init;
            foreach (var item in Values(forEach.Source, env, input.Value))
            {
                foreach (var bound in Destructure(forEach.Pattern, env, input.Value, item))
                {
                    foreach (var next in Values(forEach.Update, bound, state))
                    {
                        state = next;
                        if (forEach.Extract is null)
                        {
                            if (input.Tracking) throw InvalidPath(next);
                            yield return new Pv(next, null);
                        }
                        else
                        {
                            foreach (var extracted in Eval(forEach.Extract, bound, new Pv(next, null)))
                            {
                                if (input.Tracking) throw InvalidPath(extracted.Value);
                                yield return extracted;
                            }
                        }
                    }
                }
            }
        }
    }

    private IEnumerable<Pv> EvalLabel(LabelAst label, Env? env, Pv input)
    {
        var token = new object();
        var inner = Env.BindLabel(env, label.Name, token);
        using var results = Eval(label.Body, inner, input).GetEnumerator();
        while (true)
        {
            try
            {
                if (!results.MoveNext()) yield break;
            }
            catch (BreakException brk) when (ReferenceEquals(brk.Label, token))
            {
                yield break;
            }
            yield return results.Current;
        }
    }

    private IEnumerable<Pv> EvalCall(CallAst call, Env? env, Pv input)
    {
        var key = call.Name + "/" + call.Args.Count;
        var found = Env.Find(env, key);
        if (found?.Function is { } closure) return CallClosure(closure, call.Args, env, input);
        return CallNative(call, env, input);
    }

    private IEnumerable<Pv> CallClosure(Closure closure, IReadOnlyList<Ast> args, Env? callerEnv, Pv input)
    {
        var def = closure.Def;
        if (def.Params.Count == 0) return Eval(def.Body, closure.Env, input);
        var inner = closure.Env;
        var valueParams = new List<(string Name, Ast Arg)>();
        for (var i = 0; i < def.Params.Count; i++)
        {
            var name = def.Params[i];
            if (name.StartsWith('$'))
            {
                valueParams.Add((name[1..], args[i]));
            }
            else
            {
                inner = Env.BindFunction(inner, new Closure(new FuncDef(name, [], args[i]), callerEnv));
            }
        }
        if (valueParams.Count == 0) return Eval(def.Body, inner, input);
        return BindValueParams(valueParams, 0, inner, callerEnv, def.Body, input);
    }

    private IEnumerable<Pv> BindValueParams(List<(string Name, Ast Arg)> valueParams, int index, Env? inner, Env? callerEnv, Ast body, Pv input)
    {
        if (index == valueParams.Count)
        {
            foreach (var result in Eval(body, inner, input)) yield return result;
            yield break;
        }
        var (name, arg) = valueParams[index];
        foreach (var value in Values(arg, callerEnv, input.Value))
        {
            var bound = Env.BindVariable(inner, name, value);
            bound = Env.BindFunction(bound, new Closure(new FuncDef(name, [], new LiteralAst(value)), null));
            foreach (var result in BindValueParams(valueParams, index + 1, bound, callerEnv, body, input)) yield return result;
        }
    }

    // ---------------------------------------------------------------- assignment

    private IEnumerable<Pv> EvalAssign(AssignAst assign, Env? env, Pv input)
    {
        switch (assign.Op)
        {
            case "|=":
                yield return new Pv(Modify(assign.Left, env, input.Value, value =>
                {
                    foreach (var result in Values(assign.Right, env, value)) return (true, result);
                    return (false, null);
                }), null);
                break;
            case "=":
                foreach (var rhs in Values(assign.Right, env, input.Value))
                {
                    var result = input.Value;
                    foreach (var path in Paths(assign.Left, env, input.Value).ToList()) result = JqPaths.SetPath(result, path, 0, rhs);
                    yield return new Pv(result, null);
                }
                break;
            default:
                {
                    var op = assign.Op[..^1];
                    foreach (var rhs in Values(assign.Right, env, input.Value))
                    {
                        yield return new Pv(Modify(assign.Left, env, input.Value, value =>
                            op == "//" ? (true, JqValues.IsTruthy(value) ? value : rhs) : (true, JqOperators.Binary(op, value, rhs))), null);
                    }
                    break;
                }
        }
    }

    private delegate (bool Keep, object? Value) Updater(object? value);

    private object? Modify(Ast pathExpr, Env? env, object? root, Updater update)
    {
        var result = root;
        foreach (var path in Paths(pathExpr, env, root).ToList())
        {
            var (keep, value) = update(JqPaths.GetPath(result, path));
            // jq 1.6 deletes a path whose update is empty at once, so later paths shift.
            result = keep ? JqPaths.SetPath(result, path, 0, value) : JqPaths.DeletePaths(result, [path]);
        }
        return result;
    }

    public IEnumerable<List<object?>> Paths(Ast ast, Env? env, object? input)
    {
        foreach (var result in Eval(ast, env, new Pv(input, PathNode.Root)))
        {
            yield return result.Path!.ToList();
        }
    }
}
