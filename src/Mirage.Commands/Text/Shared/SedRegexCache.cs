using Mirage.Commands.Text.RegexTranslation;
using Mirage.Commands.Text.Sed;

namespace Mirage.Commands.Text.Shared;

/// <summary>sed's "last regex used": an empty regex (//) means the one most recently applied.</summary>
internal sealed class SedRegexCache
{
    private PatternMatcher? _last;

    public PatternMatcher Use(SedRegex regex)
    {
        if (regex.Matcher is { } matcher)
        {
            _last = matcher;
            return matcher;
        }
        return _last ?? throw new SedRuntimeException("no previous regular expression");
    }
}

internal sealed class SedRuntimeException(string message) : Exception(message);
