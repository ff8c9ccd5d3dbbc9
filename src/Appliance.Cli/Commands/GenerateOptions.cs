using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary>What <see cref="GenerateCommand"/> asks the server for. Null means "the server's default".</summary>
public sealed record GenerateOptions
{
    /// <summary>Id of a configured model.</summary>
    public required string Model { get; init; }

    /// <summary>The user turn, or the raw prompt when <see cref="Raw"/> is set.</summary>
    public required string Prompt { get; init; }

    /// <summary>Optional system turn before the user turn; chat mode only.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>Send <see cref="Prompt"/> as a raw prompt, without the chat template.</summary>
    public bool Raw { get; init; }

    public int? MaxTokens { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? TopK { get; init; }

    public uint? Seed { get; init; }

    /// <summary>Stop strings; empty for none.</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    public Priority Priority { get; init; } = Priority.Normal;

    /// <summary>Calling system's name for fair sharing; null lets the server use "anonymous".</summary>
    public string? Client { get; init; }

    /// <summary>The shape the answer must take (a JSON Schema, a GBNF grammar or a choice); null for free text.</summary>
    public ResponseFormat? ResponseFormat { get; init; }

    /// <summary>A reasoning model's reasoning: hidden (the server default) or shown apart, on standard error.</summary>
    public Reasoning Reasoning { get; init; } = Reasoning.Unspecified;

    /// <summary>Most reasoning tokens before the server ends the reasoning; null: the model's default.</summary>
    public int? ReasoningMaxTokens { get; init; }
}
