using System;
using System.Text;

namespace Digits.Sdk.Generators.Helpers;

/// <summary>
/// Writes C# source line by line at the current indentation, so the emitter reads like the code it emits.
/// Lines always end in <c>\n</c>, whatever the platform, so generated files are byte-for-byte stable.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder text = new();
    private int indentation;

    /// <summary>Writes one line, or each line of a multi-line (raw) string, at the current indentation.</summary>
    public SourceWriter Line(string line = "")
    {
        foreach (var part in line.Replace("\r\n", "\n").Split('\n'))
        {
            if (part.Length > 0)
            {
                text.Append(' ', indentation * IndentSize).Append(part);
            }

            text.Append('\n');
        }

        return this;
    }

    /// <summary>Writes <c>{</c> and indents what follows until the returned scope is disposed.</summary>
    public IDisposable Block(string? closing = null)
    {
        Line("{");
        indentation++;
        return new Scope(this, closing ?? "}");
    }

    /// <summary>Indents what follows until the returned scope is disposed.</summary>
    public IDisposable Indent()
    {
        indentation++;
        return new Scope(this, null);
    }

    public override string ToString() => text.ToString();

    private sealed class Scope(SourceWriter writer, string? closing) : IDisposable
    {
        public void Dispose()
        {
            writer.indentation--;
            if (closing is not null)
            {
                writer.Line(closing);
            }
        }
    }
}
