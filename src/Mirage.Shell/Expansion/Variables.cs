namespace Mirage.Shell.Expansion;

[Flags]
public enum VariableAttributes
{
    None = 0,
    Integer = 1,
    ReadOnly = 2,
    Exported = 4,
    IndexedArray = 8,
    Associative = 16,
    Lower = 32,
    Upper = 64,
    NameReference = 128,
}

/// <summary>One shell variable: a scalar, a sparse indexed array or an associative array, with attributes.</summary>
public sealed class Variable
{
    public Variable(string name) => Name = name;

    public string Name { get; }

    public VariableAttributes Attributes { get; set; }

    /// <summary>The scalar value; null when unset (declared only) or when the variable is an array.</summary>
    public string? Scalar { get; set; }

    public SortedDictionary<long, string>? Indexed { get; set; }

    public AssociativeDictionary? Associative { get; set; }

    public bool IsArray => Indexed is not null || Associative is not null;

    public bool IsSet => Scalar is not null || (Indexed is not null && Indexed.Count > 0) || (Associative is not null && Associative.Count > 0);

    public bool Has(VariableAttributes attribute) => (Attributes & attribute) != 0;

    /// <summary>The value as <c>$name</c> sees it: the scalar, or element 0 / key "0" of an array.</summary>
    public string? Value =>
        Scalar ?? (Indexed is not null ? Indexed.GetValueOrDefault(0) : Associative?.GetValueOrDefault("0"));

    /// <summary>All values in index order (arrays) or the scalar as one element.</summary>
    public IReadOnlyList<string> Values =>
        Indexed is not null ? [.. Indexed.Values]
        : Associative is not null ? [.. Associative.Values]
        : Scalar is null ? [] : [Scalar];

    public IReadOnlyList<string> Keys =>
        Indexed is not null ? [.. Indexed.Keys.Select(static key => key.ToString(System.Globalization.CultureInfo.InvariantCulture))]
        : Associative is not null ? [.. Associative.Keys]
        : Scalar is null ? [] : ["0"];

    public Variable Clone() => new(Name)
    {
        Attributes = Attributes,
        Scalar = Scalar,
        Indexed = Indexed is null ? null : new SortedDictionary<long, string>(Indexed),
        Associative = Associative is null ? null : new AssociativeDictionary(Associative),
    };
}

/// <summary>
/// Variables with bash's dynamic scoping: a global frame and one frame per function call that
/// holds its <c>local</c> variables. Lookups walk from the innermost frame outwards.
/// </summary>
public sealed class VariableStore
{
    private readonly List<Dictionary<string, Variable>> frames;

    public VariableStore() => frames = [new Dictionary<string, Variable>(StringComparer.Ordinal)];

    private VariableStore(List<Dictionary<string, Variable>> frames) => this.frames = frames;

    /// <summary>Evaluates arithmetic for integer variables and array subscripts.</summary>
    public Func<string, long> EvaluateArithmetic { get; set; } = static text => long.TryParse(text, out var value) ? value : 0;

    public int Depth => frames.Count - 1;

    public Dictionary<string, Variable> Globals => frames[0];

    /// <summary>A deep copy, for subshells and command substitutions.</summary>
    public VariableStore Clone()
    {
        var copy = frames.Select(static frame => frame.ToDictionary(static pair => pair.Key, static pair => pair.Value.Clone(), StringComparer.Ordinal)).ToList();
        return new VariableStore(copy) { EvaluateArithmetic = EvaluateArithmetic };
    }

    /// <summary>What a new bash process inherits: only exported variables, all global.</summary>
    public void KeepOnlyExported()
    {
        var exported = All().Where(static variable => variable.Has(VariableAttributes.Exported)).ToList();
        frames.RemoveRange(1, frames.Count - 1);
        frames[0].Clear();
        foreach (var variable in exported)
        {
            frames[0][variable.Name] = variable;
        }
    }

    public void PushFrame() => frames.Add(new Dictionary<string, Variable>(StringComparer.Ordinal));

    public void PopFrame()
    {
        if (frames.Count > 1)
        {
            frames.RemoveAt(frames.Count - 1);
        }
    }

    /// <summary>The variable visible under <paramref name="name"/>, following name references.</summary>
    public Variable? Find(string name)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var variable = FindRaw(name);
            if (variable is null || !variable.Has(VariableAttributes.NameReference) || string.IsNullOrEmpty(variable.Scalar))
            {
                return variable;
            }

            name = variable.Scalar;
        }

        return null;
    }

    public Variable? FindRaw(string name)
    {
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            if (frames[i].TryGetValue(name, out var variable))
            {
                return variable;
            }
        }

        return null;
    }

    /// <summary>Follows name references to the final name to assign to.</summary>
    public string ResolveName(string name)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            var variable = FindRaw(name);
            if (variable is null || !variable.Has(VariableAttributes.NameReference) || string.IsNullOrEmpty(variable.Scalar))
            {
                return name;
            }

            name = variable.Scalar;
        }

        return name;
    }

    public string? Get(string name) => Find(name)?.Value;

    /// <summary>The variable to write to: the visible one, or a new global.</summary>
    public Variable GetOrCreate(string name)
    {
        name = ResolveName(name);
        var variable = FindRaw(name);
        if (variable is not null)
        {
            return variable;
        }

        variable = new Variable(name);
        frames[0][name] = variable;
        return variable;
    }

    /// <summary>Creates (or returns) the variable in the innermost frame: <c>local</c>.</summary>
    public Variable DeclareLocal(string name)
    {
        var frame = frames[^1];
        if (frame.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var variable = new Variable(name);
        var outer = FindRaw(name);
        if (outer is not null)
        {
            // A local inherits nothing but keeps the outer one's export so children still see a value.
            variable.Attributes = outer.Attributes & VariableAttributes.Exported;
        }

        frame[name] = variable;
        return variable;
    }

    public Variable DeclareGlobal(string name)
    {
        if (frames[0].TryGetValue(name, out var existing))
        {
            return existing;
        }

        var variable = new Variable(name);
        frames[0][name] = variable;
        return variable;
    }

    public static ExpansionException ReadOnlyError(string name) => new($"{name}: readonly variable", 1, true) { AbortsLine = true };

    /// <summary><c>name=value</c> or <c>name+=value</c>.</summary>
    public void Set(string name, string value, bool append = false)
    {
        var variable = GetOrCreate(name);
        Assign(variable, value, append);
    }

    public void Assign(Variable variable, string value, bool append)
    {
        if (variable.Has(VariableAttributes.ReadOnly))
        {
            throw ReadOnlyError(variable.Name);
        }

        if (variable.IsArray)
        {
            SetElement(variable, "0", value, append);
            return;
        }

        variable.Scalar = Convert(variable, value, append ? variable.Scalar : null);
    }

    /// <summary><c>name[subscript]=value</c>; the subscript is already expanded text.</summary>
    public void SetElement(string name, string subscript, string value, bool append = false)
    {
        var variable = GetOrCreate(name);
        if (variable.Has(VariableAttributes.ReadOnly))
        {
            throw ReadOnlyError(variable.Name);
        }

        SetElement(variable, subscript, value, append);
    }

    public void SetElement(Variable variable, string subscript, string value, bool append)
    {
        if (variable.Associative is not null)
        {
            variable.Associative.TryGetValue(subscript, out var old);
            variable.Associative[subscript] = Convert(variable, value, append ? old : null);
            return;
        }

        if (variable.Indexed is null)
        {
            variable.Indexed = [];
            if (variable.Scalar is not null)
            {
                variable.Indexed[0] = variable.Scalar;
                variable.Scalar = null;
            }

            variable.Attributes |= VariableAttributes.IndexedArray;
        }

        var index = ResolveIndex(variable, subscript);
        variable.Indexed.TryGetValue(index, out var previous);
        variable.Indexed[index] = Convert(variable, value, append ? previous : null);
    }

    /// <summary>An indexed subscript, negative ones counted from the end.</summary>
    public long ResolveIndex(Variable variable, string subscript)
    {
        var index = EvaluateArithmetic(subscript);
        if (index < 0)
        {
            var count = variable.Indexed is { Count: > 0 } indexed ? indexed.Keys.Max() + 1 : variable.Scalar is null ? 0 : 1;
            index += count;
            if (index < 0)
            {
                throw new ExpansionException($"{variable.Name}[{subscript}]: bad array subscript", 1, false);
            }
        }

        return index;
    }

    /// <summary>One element by subscript text; null when unset.</summary>
    public string? GetElement(Variable variable, string subscript)
    {
        if (variable.Associative is not null)
        {
            return variable.Associative.GetValueOrDefault(subscript);
        }

        var index = EvaluateArithmetic(subscript);
        if (variable.Indexed is null)
        {
            return index is 0 or -1 ? variable.Scalar : null;
        }

        if (index < 0)
        {
            if (variable.Indexed.Count == 0)
            {
                return null;
            }

            index += variable.Indexed.Keys.Max() + 1;
            if (index < 0)
            {
                throw new ExpansionException($"{variable.Name}: bad array subscript", 1, false);
            }
        }

        return variable.Indexed.GetValueOrDefault(index);
    }

    /// <summary>Replaces the whole value with a list (<c>a=(x y)</c>); keys are already expanded when given.</summary>
    public void SetArray(Variable variable, IEnumerable<(string? Key, string Value)> elements, bool append, bool associative)
    {
        if (variable.Has(VariableAttributes.ReadOnly))
        {
            throw ReadOnlyError(variable.Name);
        }

        if (associative || variable.Associative is not null)
        {
            if (!append || variable.Associative is null)
            {
                variable.Associative = [];
            }

            variable.Indexed = null;
            variable.Scalar = null;
            variable.Attributes = (variable.Attributes | VariableAttributes.Associative) & ~VariableAttributes.IndexedArray;
            foreach (var (key, value) in elements)
            {
                var actualKey = key ?? value;
                variable.Associative[actualKey] = Convert(variable, key is null ? "" : value, null);
            }

            return;
        }

        var existing = variable.Indexed;
        if (!append || existing is null)
        {
            var scalar = append ? variable.Scalar : null;
            existing = [];
            if (scalar is not null)
            {
                existing[0] = scalar;
            }
        }

        variable.Indexed = existing;
        variable.Scalar = null;
        variable.Attributes |= VariableAttributes.IndexedArray;
        var next = existing.Count == 0 ? 0 : existing.Keys.Max() + 1;
        foreach (var (key, value) in elements)
        {
            if (key is not null)
            {
                next = ResolveIndex(variable, key);
            }

            existing[next] = Convert(variable, value, null);
            next++;
        }
    }

    private string Convert(Variable variable, string value, string? previous)
    {
        if (variable.Has(VariableAttributes.Integer))
        {
            var number = EvaluateArithmetic(value);
            if (previous is not null)
            {
                number = unchecked(number + EvaluateArithmetic(previous));
            }

            return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var text = previous is null ? value : previous + value;
        if (variable.Has(VariableAttributes.Lower))
        {
            text = text.ToLowerInvariant();
        }
        else if (variable.Has(VariableAttributes.Upper))
        {
            text = text.ToUpperInvariant();
        }

        return text;
    }

    /// <summary><c>unset name</c>: removes the innermost visible variable. False when it is read-only.</summary>
    public bool Unset(string name)
    {
        var raw = FindRaw(name);
        if (raw is not null && raw.Has(VariableAttributes.NameReference) && !string.IsNullOrEmpty(raw.Scalar))
        {
            name = ResolveName(name);
        }

        for (var i = frames.Count - 1; i >= 0; i--)
        {
            if (frames[i].TryGetValue(name, out var variable))
            {
                if (variable.Has(VariableAttributes.ReadOnly))
                {
                    return false;
                }

                if (i > 0)
                {
                    // Unsetting a local leaves it visible as unset in that scope, as bash does.
                    variable.Scalar = null;
                    variable.Indexed = null;
                    variable.Associative = null;
                    variable.Attributes &= VariableAttributes.Exported;
                }
                else
                {
                    frames[i].Remove(name);
                }

                return true;
            }
        }

        return true;
    }

    /// <summary>Every visible variable (innermost wins), sorted by name.</summary>
    public IEnumerable<Variable> All()
    {
        var seen = new Dictionary<string, Variable>(StringComparer.Ordinal);
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            foreach (var (name, variable) in frames[i])
            {
                seen.TryAdd(name, variable);
            }
        }

        return seen.Values.OrderBy(static variable => variable.Name, StringComparer.Ordinal);
    }

    public bool IsLocal(string name) => frames.Count > 1 && frames[^1].ContainsKey(name);
}
