using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary><c>generate --model ID [sampling options] "prompt"</c>: the options, and their mapping to <see cref="GenerateOptions"/>.</summary>
internal sealed class GenerateCommandLine
{
    /// <summary>The prompt argument's value that means "read the prompt from standard input".</summary>
    private const string StandardInput = "-";

    private readonly Option<string> _model = new("--model", "-m")
    {
        Description = "Id of the model (see 'models list')",
        HelpName = "id",
        Required = true,
    };

    private readonly Option<string?> _system = new("--system")
    {
        Description = "System turn placed before the prompt (chat mode)",
        HelpName = "text",
    };

    private readonly Option<bool> _raw = new("--raw")
    {
        Description = "Send the prompt as is, without the model's chat template",
    };

    private readonly Option<int?> _maxTokens = new("--max-tokens")
    {
        Description = "Most tokens to generate [server default: 256]",
        HelpName = "n",
    };

    private readonly Option<float?> _temperature = new("--temperature")
    {
        Description = "0 is greedy, up to 5 [server default: 0.7]",
        HelpName = "t",
    };

    private readonly Option<float?> _topP = new("--top-p")
    {
        Description = "Nucleus sampling mass, in (0, 1] [server default: 0.95]",
        HelpName = "p",
    };

    private readonly Option<int?> _topK = new("--top-k")
    {
        Description = "Keep the k most likely tokens; 0 disables [server default: 40]",
        HelpName = "k",
    };

    private readonly Option<uint?> _seed = new("--seed")
    {
        Description = "Random seed, for repeatable output [server default: 0]",
        HelpName = "s",
    };

    private readonly Option<string[]> _stop = new("--stop")
    {
        Description = "Stop string; repeat for several (at most 8)",
        HelpName = "str",
    };

    private readonly Option<string> _priority = new("--priority")
    {
        Description = "Clinical priority class",
        DefaultValueFactory = _ => "normal",
    };

    private readonly Option<string?> _client = new("--client")
    {
        Description = "Calling system's name, for fair sharing [server default: anonymous]",
        HelpName = "name",
    };

    private readonly Option<FileInfo?> _jsonSchema = new("--json-schema")
    {
        Description = "Answer as JSON valid against this JSON Schema file (enforced while decoding, checked on the server)",
        HelpName = "file",
    };

    private readonly Option<FileInfo?> _grammar = new("--grammar")
    {
        Description = "Answer in this llama.cpp GBNF grammar (a file with a rule named root)",
        HelpName = "file",
    };

    private readonly Option<string?> _choice = new("--choice")
    {
        Description = "Answer with exactly one of these comma-separated strings, e.g. urgent,routine",
        HelpName = "a,b,c",
    };

    private readonly Option<string> _reasoning = new("--reasoning")
    {
        Description = "A reasoning model's reasoning: hidden, or separate (written to standard error, the answer alone on standard output)",
        DefaultValueFactory = _ => "hidden",
    };

    private readonly Option<int?> _reasoningMaxTokens = new("--reasoning-max-tokens")
    {
        Description = "Most reasoning tokens before the server ends the reasoning [server default: the model's manifest]",
        HelpName = "n",
    };

    private readonly Argument<string> _prompt = new("prompt")
    {
        Description = $"The prompt (the user turn), or '{StandardInput}' to read it from standard input",
    };

    private readonly GlobalOptions _global;

    private GenerateCommandLine(GlobalOptions global)
    {
        _global = global;
        _priority.AcceptOnlyFromAmong("urgent", "normal", "batch");
        _reasoning.AcceptOnlyFromAmong("hidden", "separate");
    }

    public static Command Create(GlobalOptions global) => new GenerateCommandLine(global).Build();

    private Command Build()
    {
        var command = new Command("generate", "Generate text, streaming it to standard output; a summary follows on standard error.")
        {
            _model, _system, _raw, _maxTokens, _temperature, _topP, _topK, _seed, _stop, _priority, _client, _jsonSchema, _grammar, _choice, _reasoning, _reasoningMaxTokens, _prompt,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(_raw) && result.GetValue(_system) is not null)
            {
                result.AddError("--system needs chat mode; it cannot be combined with --raw");
            }

            var formats = new[] { result.GetValue(_jsonSchema) is not null, result.GetValue(_grammar) is not null, result.GetValue(_choice) is not null };
            if (formats.Count(set => set) > 1)
            {
                result.AddError("--json-schema, --grammar and --choice are alternatives: give at most one");
            }

            foreach (var (name, file) in new[] { ("--json-schema", result.GetValue(_jsonSchema)), ("--grammar", result.GetValue(_grammar)) })
            {
                if (file is { Exists: false })
                {
                    result.AddError($"{name}: no file at {file.FullName}");
                }
            }
        });
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var prompt = parse.GetRequiredValue(_prompt);
        if (prompt == StandardInput)
        {
            prompt = await Console.In.ReadToEndAsync(cancellationToken);
        }

        var options = new GenerateOptions
        {
            Model = parse.GetRequiredValue(_model),
            Prompt = prompt,
            SystemPrompt = parse.GetValue(_system),
            Raw = parse.GetValue(_raw),
            MaxTokens = parse.GetValue(_maxTokens),
            Temperature = parse.GetValue(_temperature),
            TopP = parse.GetValue(_topP),
            TopK = parse.GetValue(_topK),
            Seed = parse.GetValue(_seed),
            Stop = parse.GetValue(_stop) ?? [],
            Priority = ParsePriority(parse.GetRequiredValue(_priority)),
            Client = parse.GetValue(_client),
            ResponseFormat = await ResponseFormatAsync(parse, cancellationToken),
            Reasoning = parse.GetRequiredValue(_reasoning) == "separate" ? Reasoning.Separate : Reasoning.Hidden,
            ReasoningMaxTokens = parse.GetValue(_reasoningMaxTokens),
        };

        return await _global.RunAsync(parse, (channel, context) =>
            new GenerateCommand(context).RunAsync(new Generation.GenerationClient(channel.WithModelRouting()), options, cancellationToken));
    }

    /// <summary>The response format the options ask for (files read here; the server checks the content); null for free text.</summary>
    private async Task<ResponseFormat?> ResponseFormatAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_jsonSchema) is { } schema)
        {
            var text = await File.ReadAllTextAsync(schema.FullName, cancellationToken);
            return new ResponseFormat { JsonSchema = new JsonSchemaFormat { Schema = text } };
        }

        if (parse.GetValue(_grammar) is { } grammar)
        {
            var text = await File.ReadAllTextAsync(grammar.FullName, cancellationToken);
            return new ResponseFormat { Grammar = new GrammarFormat { Gbnf = text } };
        }

        return parse.GetValue(_choice) is { } choice
            ? new ResponseFormat { Choice = new ChoiceFormat { Choices = { choice.Split(',', StringSplitOptions.TrimEntries) } } }
            : null;
    }

    internal static Priority ParsePriority(string value) => value switch
    {
        "urgent" => Priority.Urgent,
        "batch" => Priority.Batch,
        _ => Priority.Normal,
    };
}
