using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Transfers;
using static Musubi.Web.Tests.Security.AccessMatrixData;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// Saved transfer checks in the access matrix: one check per marking (its token in the item name), read through the
/// list API, the get API, the reproduce action and the saved-checks page.
/// </summary>
public abstract partial class AccessMatrixTests
{
    private const string CheckKind = "transferchecks";
    private const string MatrixHash = "sha256:matrix";

    private static string CheckId(int i) => string.Create(CultureInfo.InvariantCulture, $"TC-mx-{i:D2}");

    /// <summary>The saved checks (and the rule-set row they point at) to store with the matrix's records.</summary>
    private static (List<Rec> Records, List<object> Entities) BuildTransferChecks()
    {
        static string Countries(string[] codes) => codes.Length == 0 ? "" : "|" + string.Join('|', codes) + "|";
        var records = new List<Rec>();
        var entities = new List<object> { new RuleSetVersion { Hash = MatrixHash, SourcesJson = "[]", RuleCount = 0 } };
        for (var i = 0; i < Markings.Count; i++)
        {
            var spec = Markings[i];
            var token = string.Create(CultureInfo.InvariantCulture, $"zqtc{i:D2}x");
            entities.Add(new TransferCheck
            {
                Id = CheckId(i),
                CreatedBy = "matrix",
                From = "JP",
                To = "US",
                ItemName = "Item " + token,
                AsOf = new DateOnly(2024, 1, 1),
                Verdict = "prohibited",
                RuleSetHash = MatrixHash,
                InputJson = "{}",
                ResultJson = "{}",
                Marking = new Marking
                {
                    Cui = spec.Cui,
                    NoForn = spec.NoForn,
                    RelTo = Countries(spec.RelTo),
                    DisplayOnly = Countries(spec.DisplayOnly),
                    FedOnly = spec.FedOnly,
                    NeedToKnow = spec.NeedToKnow,
                },
            });
            records.Add(new Rec(CheckKind, CheckId(i), token, i, null, new HashSet<string>(StringComparer.Ordinal), null, false));
        }
        return (records, entities);
    }

    private async Task CheckTransferChecksAsync(Viewer v, HttpClient client, IReadOnlyList<string> forbidden)
    {
        var expected = Visible(v, CheckKind).Select(r => r.Id).ToList();
        if (await GetAsync(v, client, "/api/transfers/checks?pageSize=500", forbidden) is { } list)
        {
            var json = list.Status == HttpStatusCode.OK ? JsonNode.Parse(list.Body)! : null;
            var ids = json?["items"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList() ?? [];
            if (!ids.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal), StringComparer.Ordinal)
                || json?["total"]!.GetValue<int>() != expected.Count)
            {
                Fail(v, "/api/transfers/checks", $"{(int)list.Status} {Ids(ids)} total {json?["total"]}, expected {Ids(expected)}");
            }
        }
        foreach (var r in _records.Where(r => r.Kind == CheckKind))
        {
            var may = MayRead(v, r.Spec);
            if (await GetAsync(v, client, "/api/transfers/checks/" + r.Id, forbidden) is { } one
                && one.Status != (may ? HttpStatusCode.OK : HttpStatusCode.NotFound))
            {
                Fail(v, "/api/transfers/checks/" + r.Id, $"{(int)one.Status}, expected {(may ? 200 : 404)} ({r.Spec})");
            }
        }
        await GetAsync(v, client, "/transfers/checks", forbidden);
    }
}
