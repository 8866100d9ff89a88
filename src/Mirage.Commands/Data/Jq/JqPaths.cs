namespace Mirage.Commands.Data.Jq;

/// <summary>getpath, setpath and delpaths over immutable values (every change copies the containers it passes).</summary>
internal static class JqPaths
{
    public static object? GetPath(object? value, List<object?> path)
    {
        var current = value;
        foreach (var key in path)
        {
            if (current is null) return null;
            current = JqOperators.Index(current, key);
        }
        return current;
    }

    public static object? SetPath(object? root, List<object?> path, int index, object? value)
    {
        if (index == path.Count) return value;
        var key = path[index];
        switch (key)
        {
            case string name:
                {
                    if (root is not (null or OrderedDictionary<string, object?>))
                    {
                        throw new JqException($"Cannot index {JqValues.TypeName(root)} with \"{name}\"");
                    }
                    var obj = root is OrderedDictionary<string, object?> existing
                        ? new OrderedDictionary<string, object?>(existing, StringComparer.Ordinal)
                        : JqValues.NewObject();
                    obj.TryGetValue(name, out var child);
                    obj[name] = SetPath(child, path, index + 1, value);
                    return obj;
                }
            case double d:
                {
                    if (root is not (null or List<object?>))
                    {
                        throw new JqException($"Cannot index {JqValues.TypeName(root)} with number");
                    }
                    var array = root is List<object?> existing ? new List<object?>(existing) : [];
                    var i = (int)Math.Floor(d);
                    if (i < 0)
                    {
                        i += array.Count;
                        if (i < 0) throw new JqException("Out of bounds negative array index");
                    }
                    var child = i < array.Count ? array[i] : null;
                    var updated = SetPath(child, path, index + 1, value);
                    while (array.Count <= i) array.Add(null);
                    array[i] = updated;
                    return array;
                }
            case OrderedDictionary<string, object?> slice:
                {
                    if (root is not (null or List<object?>))
                    {
                        throw new JqException($"Cannot update field at object index of {JqValues.TypeName(root)}");
                    }
                    var array = root as List<object?> ?? [];
                    slice.TryGetValue("start", out var from);
                    slice.TryGetValue("end", out var to);
                    var (start, end) = JqOperators.SliceBounds(array.Count, from, to);
                    var current = array.GetRange(start, end - start);
                    var updated = SetPath(current, path, index + 1, value);
                    if (updated is not List<object?> replacement) throw new JqException("A slice of an array can only be assigned another array");
                    var result = new List<object?>(array.Count - (end - start) + replacement.Count);
                    result.AddRange(array.Take(start));
                    result.AddRange(replacement);
                    result.AddRange(array.Skip(end));
                    return result;
                }
            default:
                if (root is OrderedDictionary<string, object?>) throw new JqException($"Cannot index object with {JqValues.TypeName(key)}");
                if (root is List<object?>) throw new JqException($"Cannot index array with {JqValues.TypeName(key)}");
                throw new JqException($"Cannot index {JqValues.TypeName(root)} with {JqValues.TypeName(key)}");
        }
    }

    public static object? DeletePaths(object? root, List<List<object?>> paths)
    {
        // Delete the longest/last paths first so earlier indices stay valid.
        var sorted = paths.ToList();
        sorted.Sort((a, b) => JqValues.Compare(b, a));
        var result = root;
        foreach (var path in sorted) result = DeletePath(result, path, 0);
        return result;
    }

    private static object? DeletePath(object? root, List<object?> path, int index)
    {
        if (root is null) return null;
        if (index == path.Count) return null;
        var key = path[index];
        var last = index == path.Count - 1;
        switch (root)
        {
            case OrderedDictionary<string, object?> obj:
                {
                    if (key is not string name) throw new JqException($"Cannot delete field at index of object");
                    if (!obj.TryGetValue(name, out var child)) return root;
                    var copy = new OrderedDictionary<string, object?>(obj, StringComparer.Ordinal);
                    if (last) copy.Remove(name);
                    else copy[name] = DeletePath(child, path, index + 1);
                    return copy;
                }
            case List<object?> array:
                {
                    if (key is double d)
                    {
                        var i = (int)Math.Floor(d);
                        if (i < 0) i += array.Count;
                        if (i < 0)
                        {
                            throw new JqException("Out of bounds negative array index");
                        }
                        if (i >= array.Count) return root;
                        var copy = new List<object?>(array);
                        if (last) copy.RemoveAt(i);
                        else copy[i] = DeletePath(array[i], path, index + 1);
                        return copy;
                    }
                    if (key is OrderedDictionary<string, object?> slice)
                    {
                        slice.TryGetValue("start", out var from);
                        slice.TryGetValue("end", out var to);
                        var (start, end) = JqOperators.SliceBounds(array.Count, from, to);
                        if (last)
                        {
                            var copy = new List<object?>(array);
                            copy.RemoveRange(start, end - start);
                            return copy;
                        }
                        var part = DeletePath(array.GetRange(start, end - start), path, index + 1);
                        return SetPath(root, [slice], 0, part);
                    }
                    if (key is string s) throw new JqException($"Cannot delete field at object index of array");
                    throw new JqException($"Cannot delete field at index of array");
                }
            default:
                throw new JqException($"Cannot delete field at index of {JqValues.TypeName(root)}");
        }
    }
}
