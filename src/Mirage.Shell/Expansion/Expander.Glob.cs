namespace Mirage.Shell.Expansion;

public sealed partial class Expander
{
    /// <summary>Pathname expansion of one pattern; matches come back sorted as bash sorts under LC_ALL=C.</summary>
    public async ValueTask<List<string>> GlobAsync(string pattern, CancellationToken cancellationToken)
    {
        var segments = SplitSegments(pattern);
        var absolute = pattern.StartsWith('/');
        var candidates = new List<string> { absolute ? "/" : "" };
        for (var index = 0; index < segments.Count; index++)
        {
            var segment = segments[index];
            var last = index == segments.Count - 1;
            var next = new List<string>();
            if (segment.Length == 0)
            {
                continue;
            }

            if (context.Settings.GlobStar && segment == "**")
            {
                foreach (var candidate in candidates)
                {
                    await WalkAsync(candidate, last, next, cancellationToken).ConfigureAwait(false);
                }

                candidates = next;
                continue;
            }

            if (!GlobPattern.HasGlobCharacters(segment, context.Settings.ExtGlob))
            {
                var literal = GlobPattern.Unescape(segment);
                foreach (var candidate in candidates)
                {
                    var path = Join(candidate, literal);
                    if (last)
                    {
                        var parent = await context.ListDirectoryAsync(candidate.Length == 0 ? "." : candidate, cancellationToken).ConfigureAwait(false);
                        if (parent is not null && parent.Any(entry => entry.Name == literal))
                        {
                            next.Add(path);
                        }
                    }
                    else
                    {
                        next.Add(path);
                    }
                }

                candidates = next;
                continue;
            }

            var compiled = GlobPattern.Compile(segment, context.Settings.NoCaseGlob, context.Settings.ExtGlob);
            var allowHidden = context.Settings.DotGlob || compiled.StartsWithDot;
            foreach (var candidate in candidates)
            {
                var entries = await context.ListDirectoryAsync(candidate.Length == 0 ? "." : candidate, cancellationToken).ConfigureAwait(false);
                if (entries is null)
                {
                    continue;
                }

                foreach (var entry in entries)
                {
                    if (entry.Name.StartsWith('.') && !allowHidden)
                    {
                        continue;
                    }

                    if ((!last && !entry.IsDirectory) || !compiled.IsMatch(entry.Name))
                    {
                        continue;
                    }

                    next.Add(Join(candidate, entry.Name));
                }
            }

            candidates = next;
        }

        if (pattern.EndsWith('/'))
        {
            candidates = [.. candidates.Select(static c => c.EndsWith('/') ? c : c + "/")];
        }

        candidates.Sort(StringComparer.Ordinal);
        return candidates;
    }

    private async ValueTask WalkAsync(string directory, bool last, List<string> output, CancellationToken cancellationToken)
    {
        // "**" matches the directory itself and everything below it.
        if (directory.Length > 0 || !last)
        {
            output.Add(directory);
        }

        var entries = await context.ListDirectoryAsync(directory.Length == 0 ? "." : directory, cancellationToken).ConfigureAwait(false);
        if (entries is null)
        {
            return;
        }

        foreach (var entry in entries.OrderBy(static e => e.Name, StringComparer.Ordinal))
        {
            if (entry.Name.StartsWith('.') && !context.Settings.DotGlob)
            {
                continue;
            }

            var path = Join(directory, entry.Name);
            if (entry.IsDirectory)
            {
                await WalkAsync(path, last, output, cancellationToken).ConfigureAwait(false);
            }
            else if (last)
            {
                output.Add(path);
            }
        }
    }

    private static string Join(string directory, string name) =>
        directory.Length == 0 ? name : directory.EndsWith('/') ? directory + name : directory + "/" + name;

    private static List<string> SplitSegments(string pattern)
    {
        var segments = new List<string>();
        var start = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
            {
                i++;
                continue;
            }

            if (pattern[i] == '/')
            {
                segments.Add(pattern[start..i]);
                start = i + 1;
            }
        }

        segments.Add(pattern[start..]);
        return segments;
    }
}
