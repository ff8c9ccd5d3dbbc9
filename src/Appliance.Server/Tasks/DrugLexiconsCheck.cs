using Appliance.Grounding;
using Appliance.Grounding.Lexicon;
using Appliance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// The site's drug lexicon files (<c>Appliance:Grounding:LexiconFolder</c>): every malformed line as
/// <c>file: line N: problem</c>. At start such a line is logged and skipped, so the start goes on; before an
/// edit takes effect (a restart) it is worth knowing.
/// </summary>
internal sealed class DrugLexiconsCheck : IConfigurationCheck
{
    public string Name => "drug lexicons";

    public bool StopsStart => false;

    public IReadOnlyList<string> Problems(IServiceProvider services) =>
        DrugLexiconFiles.Problems(services.GetRequiredService<IOptions<GroundingOptions>>().Value);
}
