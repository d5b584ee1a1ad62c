using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;

namespace Musubi.Web.Tests.Import;

public sealed class ImportApiTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private static MultipartFormDataContent Files(params (string Name, string Text)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, text) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(part, "files", name);
        }
        return form;
    }

    [Fact]
    public async Task Import_BadRows_Returns400WithEveryErrorAndWritesNothing()
    {
        _ = factory.Server;
        await using var before = factory.Database.NewContext(AccessScope.System);
        var count = await before.Organizations.CountAsync();

        var response = await factory.ClientAs("us-acq").PostAsync("/api/import", Files(
            ("organizations.csv", "id,name,country,kind\napi-ok,Fine Ltd,GB,supplier\napi-bad,Bad Ltd,XX,supplier\napi-worse,Worse Ltd,JP,pirate\n")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("files");
        var lines = errors.EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(lines, l => l.StartsWith("organizations.csv:3:country:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("organizations.csv:4:kind:", StringComparison.Ordinal));
        await using var after = factory.Database.NewContext(AccessScope.System);
        Assert.Equal(count, await after.Organizations.CountAsync());
    }

    [Fact]
    public async Task Import_GoodFile_UpsertsAndReportsCounts()
    {
        var response = await factory.ClientAs("us-acq").PostAsync("/api/import", Files(
            ("organizations.csv", "id,name,country,kind,name_ja\napi-new,New Precision KK,JP,supplier,新精密\n")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("imported").GetProperty("organizations").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientAs("us-acq").GetAsync("/api/organizations/api-new")).StatusCode);
    }

    [Fact]
    public async Task Import_BusinessDeveloper_IsForbidden()
    {
        var response = await factory.ClientAs("jp-bizdev").PostAsync("/api/import", Files(("organizations.csv", "id,name,country,kind\n")));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
