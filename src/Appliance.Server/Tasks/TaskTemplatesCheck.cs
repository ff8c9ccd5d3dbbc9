using Appliance.Core.Generation;
using Appliance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// The template files of the shipped and the site task folders, read as the start reads them (output
/// schemas compiled with llama.cpp's parser included): every problem as <c>file: key: problem (line N)</c>,
/// a tie naming both files. A problem stops the start; <c>appliancectl config check</c> lists them.
/// </summary>
internal sealed class TaskTemplatesCheck : IConfigurationCheck
{
    public string Name => "task templates";

    public bool StopsStart => true;

    public IReadOnlyList<string> Problems(IServiceProvider services) =>
        [.. TaskLibrary.Build(services.GetRequiredService<IOptions<TasksOptions>>().Value, services.GetService<IGrammarCompiler>()).Problems.Select(p => p.ToString())];
}
