namespace Appliance.Core.Grounding;

/// <summary>
/// Checks generated text against the text it was generated from, without a model: every
/// checkable item in the output (numbers with units, doses, dates and durations, lab values, drug
/// names, ICD-10 codes, laterality, negations) is reported as found in a source (with the span
/// that backs it) or not. The task layer (RunTask) and the CheckGrounding RPC both call it.
/// Implementations are deterministic and thread-safe; they never log the texts they are given.
/// </summary>
public interface IGroundingChecker
{
    /// <summary>
    /// Finds the checkable items in <paramref name="outputs"/> and looks each one up in
    /// <paramref name="sources"/>. Both are named texts: for a task, the sources are its input
    /// fields (name = field name) and the outputs are the string values of its JSON answer
    /// (name = JSON pointer, e.g. "/medications/0/dose"); for CheckGrounding, one source
    /// "source" and one output "output".
    /// </summary>
    GroundingReport Check(
        IReadOnlyList<GroundingText> sources,
        IReadOnlyList<GroundingText> outputs,
        CancellationToken cancellationToken = default);
}

/// <summary>A named text: an input field, a JSON pointer into an answer, or "source"/"output".</summary>
public sealed record GroundingText(string Name, string Text);

/// <summary>What kind of fact an item is; the grounding report groups and counts by it.</summary>
public enum GroundingItemKind
{
    /// <summary>A number with a unit that is not a dose or lab value (e.g. "3 cm", "38.5℃").</summary>
    Quantity,
    /// <summary>A drug dose ("100 mg", "0.1 g", "100毫克").</summary>
    Dose,
    /// <summary>A calendar date ("2026-03-01", "2026年3月1日", "1 March 2026").</summary>
    Date,
    /// <summary>A duration ("3 days", "3天", "two weeks").</summary>
    Duration,
    /// <summary>A laboratory value with its unit ("Hb 95 g/L", "肌酐 88 μmol/L").</summary>
    LabValue,
    /// <summary>A drug name from the lexicon ("aspirin", "阿司匹林").</summary>
    Drug,
    /// <summary>An ICD-10 code ("I21.4").</summary>
    Icd10Code,
    /// <summary>Left, right or both, attached to what it qualifies ("left kidney", "左肾").</summary>
    Laterality,
    /// <summary>A negated finding ("denies chest pain", "无发热", "否认过敏史").</summary>
    Negation,
}

/// <summary>Where in a named text an item or its evidence is (UTF-16 offsets into that text).</summary>
public sealed record GroundingSpan(string Name, int Start, int Length);

/// <summary>
/// One checkable item of the output. <see cref="Evidence"/> is the source span that backs it when
/// <see cref="Grounded"/> is true, and null otherwise. <see cref="Reason"/> says in words without
/// patient text why an item is not grounded (e.g. "dose differs from the source's for this drug",
/// "laterality is the opposite of the source's"), or is null when grounded.
/// </summary>
public sealed record GroundingItem(
    GroundingItemKind Kind,
    string Text,
    GroundingSpan Location,
    bool Grounded,
    GroundingSpan? Evidence,
    string? Reason);

/// <summary>Every item found, in output order, with counts.</summary>
public sealed record GroundingReport(IReadOnlyList<GroundingItem> Items)
{
    /// <summary>How many items a source backs.</summary>
    public int GroundedCount => Items.Count(i => i.Grounded);

    /// <summary>How many items no source backs.</summary>
    public int UngroundedCount => Items.Count - GroundedCount;
}
