namespace Mirage.Commands.Text.Sort;

/// <summary>Ordering options of one key (or the global ones).</summary>
internal sealed record KeyOptions
{
    public bool SkipBlanksStart { get; set; }
    public bool SkipBlanksEnd { get; set; }
    public bool Dictionary { get; set; }
    public bool FoldCase { get; set; }
    public bool GeneralNumeric { get; set; }
    public bool Human { get; set; }
    public bool IgnoreNonPrinting { get; set; }
    public bool Month { get; set; }
    public bool Numeric { get; set; }
    public bool Random { get; set; }
    public bool Reverse { get; set; }
    public bool Version { get; set; }

    /// <summary>Any option other than b and r: a key with one of these does not inherit the global options.</summary>
    public bool HasOrdering => Dictionary || FoldCase || GeneralNumeric || Human || IgnoreNonPrinting || Month || Numeric || Random || Version;

    public bool HasAny => HasOrdering || Reverse || SkipBlanksStart || SkipBlanksEnd;

    /// <summary>Applies one option letter; false when it is none.</summary>
    public bool Apply(char letter)
    {
        switch (letter)
        {
            case 'b': SkipBlanksStart = SkipBlanksEnd = true; break;
            case 'd': Dictionary = true; break;
            case 'f': FoldCase = true; break;
            case 'g': GeneralNumeric = true; break;
            case 'h': Human = true; break;
            case 'i': IgnoreNonPrinting = true; break;
            case 'M': Month = true; break;
            case 'n': Numeric = true; break;
            case 'R': Random = true; break;
            case 'r': Reverse = true; break;
            case 'V': Version = true; break;
            default: return false;
        }
        return true;
    }
}

/// <summary>-k F[.C][opts][,F[.C][opts]]: fields and chars are 1-based; an end char of 0 means the end of the field.</summary>
internal sealed record SortKey(int StartField, int StartChar, int? EndField, int EndChar, KeyOptions Options);
