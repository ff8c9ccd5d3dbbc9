using Appliance.Core.Generation;

namespace Appliance.Server.Tasks;

/// <summary>One generated answer of a run: its text (patient data) and how generation ended.</summary>
/// <param name="Text">The answer text.</param>
/// <param name="Completed">The generation's final event.</param>
internal sealed record TaskAttempt(string Text, GenerationCompleted Completed);
