namespace Mirage.Commands.Data.Jq;

/// <summary>The event form of a value that tostream and --stream produce.</summary>
internal static class JqStreaming
{
    public static IEnumerable<object?> Events(object? value)
    {
        var path = new List<object?>();
        return Walk(value, path, top: true);
    }

    private static IEnumerable<object?> Walk(object? value, List<object?> path, bool top)
    {
        var children = value switch
        {
            List<object?> array when array.Count > 0 => array.Select((item, i) => ((object?)(double)i, item)).ToList(),
            OrderedDictionary<string, object?> obj when obj.Count > 0 => obj.Select(pair => ((object?)pair.Key, pair.Value)).ToList(),
            _ => null,
        };
        if (children is null)
        {
            yield return new List<object?> { new List<object?>(path), value };
            yield break;
        }
        object? lastKey = null;
        foreach (var (key, child) in children)
        {
            path.Add(key);
            foreach (var e in Walk(child, path, top: false)) yield return e;
            path.RemoveAt(path.Count - 1);
            lastKey = key;
        }
        var closing = new List<object?>(path) { lastKey };
        yield return new List<object?> { closing };
        _ = top;
    }
}
