namespace Mirage.Commands.FileSystem.Diff;

/// <summary>A run of changed lines: <see cref="DeleteCount"/> lines of A from <see cref="AStart"/> replaced by <see cref="InsertCount"/> lines of B from <see cref="BStart"/> (0-based).</summary>
internal readonly record struct Change(int AStart, int DeleteCount, int BStart, int InsertCount);

/// <summary>Myers' O((N+M)D) shortest edit script over line keys, grouped into changes.</summary>
internal static class LineDiff
{
    public static List<Change> Compute(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Common prefix and suffix never take part in an edit; trimming them keeps D and memory small.
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix]) prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix]) suffix++;
        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        var edits = new List<(bool Delete, int A, int B)>();
        if (n > 0 || m > 0) Myers(a, b, prefix, n, m, edits);

        var changes = new List<Change>();
        var i = 0;
        while (i < edits.Count)
        {
            var start = edits[i];
            int aStart = start.A, bStart = start.B, deletes = 0, inserts = 0;
            // Consecutive edits with no common line between them form one change.
            while (i < edits.Count && edits[i].A == aStart + deletes && edits[i].B == bStart + inserts)
            {
                if (edits[i].Delete) deletes++;
                else inserts++;
                i++;
            }
            changes.Add(new Change(aStart, deletes, bStart, inserts));
        }
        return changes;
    }

    private static void Myers(IReadOnlyList<string> a, IReadOnlyList<string> b, int offset, int n, int m, List<(bool Delete, int A, int B)> edits)
    {
        var max = n + m;
        var trace = new List<int[]>();
        var v = new int[2 * max + 2];
        var size = v.Length;
        var done = false;
        for (var d = 0; d <= max && !done; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                int x;
                if (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) x = v[k + 1 + max];
                else x = v[k - 1 + max] + 1;
                var y = x - k;
                while (x < n && y < m && a[offset + x] == b[offset + y])
                {
                    x++;
                    y++;
                }
                v[k + max] = x;
                if (x >= n && y >= m)
                {
                    done = true;
                    break;
                }
            }
        }
        _ = size;
        // Walk back through the saved frontiers to recover the path.
        var path = new List<(bool Delete, int A, int B)>();
        int cx = n, cy = m;
        for (var d = trace.Count - 1; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            int previousK;
            if (k == -d || (k != d && previous[k - 1 + max] < previous[k + 1 + max])) previousK = k + 1;
            else previousK = k - 1;
            var previousX = previous[previousK + max];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                cx--;
                cy--;
            }
            if (previousK == k + 1) path.Add((false, offset + cx, offset + cy - 1));
            else path.Add((true, offset + cx - 1, offset + cy));
            cx = previousX;
            cy = previousY;
        }
        path.Reverse();
        // An insertion's A index is the position it happens before; a deletion's B index likewise.
        foreach (var (delete, ai, bi) in path) edits.Add(delete ? (true, ai, bi) : (false, ai, bi));
    }
}
