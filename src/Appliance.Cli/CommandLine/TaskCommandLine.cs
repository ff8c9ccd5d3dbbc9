using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;

namespace Appliance.Cli.CommandLine;

/// <summary>
/// <c>task list [--family F]</c>, <c>task show ID</c> and <c>task run TASK --input name=text |
/// --input-file name=PATH ... [--attribute key=value ...] [--seed N]</c>. A malformed pair or an
/// unreadable file is refused before anything is sent (exit code 2).
/// </summary>
internal static class TaskCommandLine
{
    public static Command Create(GlobalOptions global)
    {
        var task = new Command("task", "Clinical tasks: templates that turn named inputs into checked JSON.");
        task.Subcommands.Add(List(global));
        task.Subcommands.Add(Show(global));
        task.Subcommands.Add(Run(global));
        return task;
    }

    private static Command List(GlobalOptions global)
    {
        var family = new Option<string?>("--family") { Description = "Only this family's variants", HelpName = "family" };
        var list = new Command("list", "The task variants this caller may run.") { family };
        list.SetAction(async (parse, token) => await global.RunAsync(parse, (channel, context) =>
            new TaskCommand(context).ListAsync(new Contracts.V1.Tasks.TasksClient(channel), parse.GetValue(family), token)));
        return list;
    }

    private static Command Show(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "A variant id (see 'task list')" };
        var show = new Command("show", "One variant: its inputs and the JSON Schema of its answer.") { id };
        show.SetAction(async (parse, token) => await global.RunAsync(parse, (channel, context) =>
            new TaskCommand(context).ShowAsync(new Contracts.V1.Tasks.TasksClient(channel), parse.GetRequiredValue(id), token)));
        return show;
    }

    private static Command Run(GlobalOptions global)
    {
        var name = new Argument<string>("task") { Description = "A variant id, or a family (the most specific variant for the attributes)" };
        var inputs = new Option<string[]>("--input", "-i") { Description = "An input as name=text (repeatable)", HelpName = "name=text", AllowMultipleArgumentsPerToken = false };
        var files = new Option<string[]>("--input-file", "-f") { Description = "An input read from a UTF-8 file as name=PATH (repeatable)", HelpName = "name=path" };
        var attributes = new Option<string[]>("--attribute", "-a") { Description = "A selection attribute as key=value: exam_type, body_part, department, language", HelpName = "key=value" };
        var seed = new Option<uint?>("--seed") { Description = "Seed of the first attempt [default: the template's]", HelpName = "s" };
        var run = new Command("run", "Run a task and print its JSON answer; the grounding summary goes to standard error.") { name, inputs, files, attributes, seed };
        run.SetAction(async (parse, token) =>
        {
            var request = new RunTaskRequest { Task = parse.GetRequiredValue(name), Seed = parse.GetValue(seed) ?? 0 };
            var console = ConsoleContext.For(parse);
            try
            {
                foreach (var (key, value) in Pairs(parse.GetValue(inputs), "--input"))
                {
                    request.Inputs[key] = value;
                }

                foreach (var (key, path) in Pairs(parse.GetValue(files), "--input-file"))
                {
                    request.Inputs[key] = await File.ReadAllTextAsync(path, token);
                }

                foreach (var (key, value) in Pairs(parse.GetValue(attributes), "--attribute"))
                {
                    request.Attributes[key] = value;
                }
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync(e is ArgumentException ? e.Message : $"--input-file: cannot read it: {e.Message}");
                return ExitCodes.InvalidArgument;
            }

            return await global.RunAsync(parse, (channel, context) => new TaskCommand(context).RunAsync(new Contracts.V1.Tasks.TasksClient(channel), request, token));
        });
        return run;
    }

    private static IEnumerable<(string Key, string Value)> Pairs(string[]? values, string option)
    {
        foreach (var value in values ?? [])
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"{option}: expected name=value (got no '=' or no name)");
            }

            yield return (value[..equals], value[(equals + 1)..]);
        }
    }
}
