using System.Text;

namespace Appliance.Grounding.Text;

/// <summary>
/// A text folded for matching: NFKC per character (full-width digits, letters and punctuation become
/// ASCII, the micro sign becomes μ, ℃ becomes °C, ㎎ becomes mg), then lower case. Every folded
/// character remembers the UTF-16 range of the original it came from, so a match in the folded text
/// is reported at its place in the caller's text.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[] _originalStart;
    private readonly int[] _originalEnd;

    private NormalizedText(string value, int[] originalStart, int[] originalEnd)
    {
        Value = value;
        _originalStart = originalStart;
        _originalEnd = originalEnd;
    }

    /// <summary>The folded text.</summary>
    public string Value { get; }

    public static NormalizedText From(string original)
    {
        var folded = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        for (var i = 0; i < original.Length;)
        {
            var width = char.IsSurrogatePair(original, i) ? 2 : 1;
            var piece = original.Substring(i, width);
            if (width == 1 && piece[0] < 128)
            {
                // ASCII needs no NFKC: the common path stays cheap.
                Append(char.ToLowerInvariant(piece[0]), i, width);
            }
            else
            {
                foreach (var c in piece.Normalize(NormalizationForm.FormKC))
                {
                    Append(char.ToLowerInvariant(c), i, width);
                }
            }

            i += width;
        }

        return new NormalizedText(folded.ToString(), [.. starts], [.. ends]);

        void Append(char c, int at, int width)
        {
            folded.Append(c);
            starts.Add(at);
            ends.Add(at + width);
        }
    }

    /// <summary>The original range (start, length) of the folded range [start, start + length).</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        var from = _originalStart[start];
        var to = _originalEnd[start + length - 1];
        return (from, to - from);
    }
}
