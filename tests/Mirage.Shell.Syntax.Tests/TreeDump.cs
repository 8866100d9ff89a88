using System.Collections;
using System.Reflection;
using System.Text;
using Mirage.Shell.Syntax.Ast;

namespace Mirage.Shell.Syntax.Tests;

/// <summary>
/// A structural dump of a tree without line numbers (nor where an unterminated here-document ended) or the <c>$x</c>/<c>${x}</c> spelling: two trees that
/// differ only in layout dump the same.
/// </summary>
internal static class TreeDump
{
    public static string Dump(object? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, object? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                return;
            case string s:
                builder.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
                return;
            case bool or int or char or Enum:
                builder.Append(node);
                return;
            case IEnumerable list:
                builder.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    Write(builder, item);
                }

                builder.Append(']');
                return;
        }

        var type = node.GetType();
        builder.Append(type.Name).Append('(');
        var separator = "";
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (property.Name is "Line" or "Braced" or nameof(HereDocument.Unterminated) || property.GetIndexParameters().Length > 0
                || (type == typeof(Word) && property.Name != nameof(Word.Parts))
                || (type == typeof(Redirection) && property.Name == nameof(Redirection.DefaultFd)))
            {
                continue;
            }

            builder.Append(separator).Append(property.Name).Append('=');
            Write(builder, property.GetValue(node));
            separator = ", ";
        }

        builder.Append(')');
    }
}
