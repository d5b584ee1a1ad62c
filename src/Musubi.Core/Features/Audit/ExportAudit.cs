using System.Text.Json;
using Musubi.Core.Features.Export;

namespace Musubi.Core.Features.Audit;

/// <summary>What an export's audit event records: the format, the rows per file and the rolled-up marking.</summary>
public static class ExportAudit
{
    public static string Detail(ExportReport report, ExportFormat format) => JsonSerializer.Serialize(new
    {
        format = format.ToString().ToLowerInvariant(),
        files = report.Written,
        marking = report.Marking.Banner,
    });
}
