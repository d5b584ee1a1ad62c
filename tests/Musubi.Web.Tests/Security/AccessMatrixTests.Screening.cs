using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Musubi.Core.Features.Screening;
using static Musubi.Web.Tests.Security.AccessMatrixData;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// Screening data in the access matrix: a duplicate candidate pairing each marking's organization with the next
/// marking's (both tokens in its names), and a screening record and alert of each organization. Candidates are read by
/// every signed-in principal and must show exactly the pairs whose two organizations they may read; records, alerts and
/// certificates are for screeners, so every matrix principal (a viewer) is refused them without content.
/// </summary>
public abstract partial class AccessMatrixTests
{
    private const string CandidateKind = "duplicates";

    private static string CandidateId(int i) => string.Create(CultureInfo.InvariantCulture, $"DC-mx-{i:D2}");

    private static string OrgId(int i) => string.Create(CultureInfo.InvariantCulture, $"mx-org-{i:D2}");

    private static string OrgToken(int i) => string.Create(CultureInfo.InvariantCulture, $"zqorg{i:D2}x");

    /// <summary>The screening rows to store with the matrix's records (no Rec of their own: they carry the organizations' tokens).</summary>
    private static List<object> BuildScreening()
    {
        var n = Markings.Count;
        var entities = new List<object>();
        for (var i = 0; i < n; i++)
        {
            var next = (i + 1) % n;
            entities.Add(new DuplicateCandidate
            {
                Id = CandidateId(i),
                FirstOrganizationId = OrgId(i),
                SecondOrganizationId = OrgId(next),
                FirstName = "Organization " + OrgToken(i),
                SecondName = "Organization " + OrgToken(next),
                Score = 0.9,
                Explanation = "{}",
                SharedIdentifiers = "[]",
                Status = DuplicateCandidate.Open,
            });
            entities.Add(new ScreeningRecord
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"SR-mx-{i:D2}"),
                QueryName = "Organization " + OrgToken(i),
                QueryIdentifiers = "[]",
                OrganizationId = OrgId(i),
                ListVersionIds = "[]",
                Decision = "review",
                Result = "{\"decision\":\"review\",\"best\":null,\"candidates\":[]}",
                Thresholds = "{\"match\":0.85,\"review\":0.7,\"maxCandidates\":10}",
                ScreenedBy = "matrix",
                ReviewStatus = ScreeningRecord.ReviewPending,
            });
            entities.Add(new ScreeningAlert
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"SA-mx-{i:D2}"),
                OrganizationId = OrgId(i),
                Kind = ScreeningAlert.NewHit,
                EntityId = "x-matrix",
                Source = "matrix",
                ListVersionId = "lv-matrix",
                Score = 0.9,
                MatchedName = "Organization " + OrgToken(i),
            });
        }
        return entities;
    }

    private async Task CheckScreeningAsync(Viewer v, HttpClient client, IReadOnlyList<string> forbidden)
    {
        var n = Markings.Count;
        var signedIn = v.Id is not null && !v.Disabled;
        var orgs = _records.Where(r => r.Kind == "organizations").ToDictionary(r => r.Id, StringComparer.Ordinal);
        var expected = Enumerable.Range(0, n)
            .Where(i => MayRead(v, orgs[OrgId(i)].Spec) && MayRead(v, orgs[OrgId((i + 1) % n)].Spec))
            .Select(CandidateId).ToList();
        if (await GetAsync(v, client, "/api/screening/duplicates?pageSize=500", forbidden) is { } list)
        {
            if (!signedIn)
            {
                if (list.Status != HttpStatusCode.Unauthorized)
                {
                    Fail(v, "/api/screening/duplicates", $"{(int)list.Status}, expected 401");
                }
            }
            else
            {
                var json = list.Status == HttpStatusCode.OK ? JsonNode.Parse(list.Body)! : null;
                var ids = json?["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList() ?? [];
                if (!ids.Order(StringComparer.Ordinal).SequenceEqual(expected, StringComparer.Ordinal) || json?["total"]!.GetValue<int>() != expected.Count)
                {
                    Fail(v, "/api/screening/duplicates", $"{(int)list.Status} {Ids(ids)} total {json?["total"]}, expected {Ids(expected)}");
                }
            }
        }
        var refused = signedIn ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
        foreach (var path in new[] { "/api/screening/records", "/api/screening/records/SR-mx-00", "/api/screening/alerts", "/api/screening/certificates/SC-mx-00", "/api/screening/jobs/SJ-mx" })
        {
            if (await GetAsync(v, client, path, forbidden) is { } refusal && refusal.Status != refused)
            {
                Fail(v, path, $"{(int)refusal.Status}, expected {(int)refused}");
            }
        }
        if (await GetAsync(v, client, "/api/screening/lists", forbidden) is { } lists
            && lists.Status != (signedIn ? HttpStatusCode.OK : HttpStatusCode.Unauthorized))
        {
            Fail(v, "/api/screening/lists", $"{(int)lists.Status}, expected {(signedIn ? 200 : 401)}");
        }
        await GetAsync(v, client, "/screening/duplicates", forbidden);
    }
}
