using System.Globalization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// The access matrix's world: every kind of marking on a record of every registry kind, principals for every
/// combination of the attributes the rules look at, and an oracle — written here from the rules as documented
/// (AccessPolicy, ARCHITECTURE.md, ADR 0007), never by calling the product's policy — that says who may read what.
/// </summary>
public static class AccessMatrixData
{
    /// <summary>The program that need-to-know markings name.</summary>
    public const string NeedToKnowProgram = "mx-ntk";

    /// <summary>The server's "today" (the test database's fixed clock, 15 March 2026).</summary>
    public static readonly DateOnly Today = new(2026, 3, 15);

    /// <summary>A marking as the rules see it, with the banner it is stored from.</summary>
    public sealed record Spec(string Banner, string? NeedToKnow, bool Cui, bool NoForn, string[] RelTo, string[] DisplayOnly, bool FedOnly)
    {
        public bool Unmarked => !Cui && !NoForn && RelTo.Length == 0 && DisplayOnly.Length == 0 && !FedOnly && NeedToKnow is null;

        public override string ToString() => Banner.Length == 0 ? (NeedToKnow is null ? "unmarked" : $"need-to-know {NeedToKnow}") : NeedToKnow is null ? Banner : $"{Banner} + need-to-know {NeedToKnow}";
    }

    public static readonly IReadOnlyList<Spec> Markings =
    [
        new("", null, false, false, [], [], false),
        new("CUI", null, true, false, [], [], false),
        new("CUI//NOFORN", null, true, true, [], [], false),
        new("CUI//REL TO USA, JPN", null, true, false, ["USA", "JPN"], [], false),
        new("CUI//REL TO USA, GBR, JPN", null, true, false, ["USA", "GBR", "JPN"], [], false),
        new("CUI//FED ONLY", null, true, false, [], [], true),
        new("", NeedToKnowProgram, false, false, [], [], false),
        new("CUI//DISPLAY ONLY JPN", null, true, false, [], ["JPN"], false),
        new("CUI//REL TO USA, JPN", NeedToKnowProgram, true, false, ["USA", "JPN"], [], false),
    ];

    public enum Membership { None, Active, Expired, Future }

    /// <summary>A reader. <see cref="Id"/> null is anonymous; nationality is the alpha-3 code, or null when unknown.</summary>
    public sealed record Viewer(string? Id, string? Nationality, bool Cui, bool Federal, Membership Membership, bool Disabled = false)
    {
        /// <summary>Position in <see cref="Viewers"/>, to spread the list variants over the viewers.</summary>
        public int Index { get; init; }

        public override string ToString() => Id ?? "anonymous";
    }

    public static IReadOnlyList<Viewer> Viewers()
    {
        var viewers = new List<Viewer> { new(null, null, false, false, Membership.None) };
        foreach (var nationality in new[] { "USA", "JPN", "GBR", null })
        {
            foreach (var cui in new[] { true, false })
            {
                foreach (var federal in new[] { true, false })
                {
                    foreach (var membership in Enum.GetValues<Membership>())
                    {
                        var id = string.Create(CultureInfo.InvariantCulture,
                            $"mx-{nationality?.ToLowerInvariant() ?? "none"}-{(cui ? "cui" : "nocui")}-{(federal ? "fed" : "nofed")}-{membership.ToString().ToLowerInvariant()}");
                        viewers.Add(new Viewer(id, nationality, cui, federal, membership));
                    }
                }
            }
        }
        // Everything granted, but disabled: reads as nobody.
        viewers.Add(new Viewer("mx-disabled", "USA", true, true, Membership.Active, Disabled: true));
        return [.. viewers.Select((v, i) => v with { Index = i })];
    }

    /// <summary>The oracle: may <paramref name="v"/> read (see on screen) a record marked <paramref name="m"/>?</summary>
    public static bool MayRead(Viewer v, Spec m)
    {
        if (m.Unmarked)
        {
            return true;
        }
        // Default deny: nobody signed in, a disabled account, or a missing nationality reads no marked record.
        if (v.Id is null || v.Disabled || v.Nationality is null)
        {
            return false;
        }
        return (!m.Cui || v.Cui)
            && (!m.NoForn || v.Nationality == "USA")
            && (m.RelTo.Length == 0 || m.RelTo.Contains(v.Nationality))
            && (m.DisplayOnly.Length == 0 || v.Nationality == "USA" || m.DisplayOnly.Contains(v.Nationality))
            && (!m.FedOnly || v.Federal)
            && (m.NeedToKnow is null || v.Membership == Membership.Active);
    }

    /// <summary>May <paramref name="v"/> also take a copy away (an export)? Not the foreign readers of a DISPLAY ONLY record.</summary>
    public static bool MayHold(Viewer v, Spec m) => MayRead(v, m) && (m.DisplayOnly.Length == 0 || v.Nationality == "USA");

    /// <summary>
    /// One record under test. <see cref="Token"/> is in its name or title and nowhere else, so a response that contains
    /// it has shown the record. <see cref="Tags"/> are the values of the kind filter that match it.
    /// </summary>
    public sealed record Rec(string Kind, string Id, string Token, int Marking, string? Country, IReadOnlySet<string> Tags, string? ProgramId, bool Illustrative)
    {
        public Spec Spec => Markings[Marking];
    }

    /// <summary>The list kinds of the registry API and UI, in the order the dashboard shows them.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["organizations", "facilities", "capabilities", "parts", "programs", "requirements", "agreements"];

    /// <summary>Countries, one per marking, so that a country filter option or chart bar is a record's shadow.</summary>
    private static readonly string[] Countries = ["JP", "US", "GB", "AU", "CA", "DE", "FR", "IT", "KR"];

    public static string OrganizationCountry(int i) => Countries[i];

    public static string FacilityCountry(int i) => Countries[(i + 4) % Countries.Length];

    private static string Token(string kind, int i) => string.Create(CultureInfo.InvariantCulture, $"zq{kind}{i:D2}x");

    private static string Id(string kind, int i) => string.Create(CultureInfo.InvariantCulture, $"mx-{kind}-{i:D2}");

    /// <summary>Builds the records (one per marking for every kind, plus offers and work packages) and the entities to store.</summary>
    public static (List<Rec> Records, List<object> Entities) Build()
    {
        var n = Markings.Count;
        var records = new List<Rec>();
        var entities = new List<object>
        {
            new CapabilityNode { Id = "MX", LabelEn = "Matrix capabilities" },
            new CapabilityNode { Id = "MX.SUB", ParentId = "MX", LabelEn = "Matrix sub-capability" },
            new CapabilityNode { Id = "MX.OTHER", ParentId = "MX", LabelEn = "Matrix other capability" },
        };
        // Stored as Marking documents its columns (countries as |USA|JPN|); the banner parser has tests of its own.
        static string Countries(string[] codes) => codes.Length == 0 ? "" : "|" + string.Join('|', codes) + "|";
        Marking Mark(int i)
        {
            var spec = Markings[i];
            return new Marking
            {
                Cui = spec.Cui,
                NoForn = spec.NoForn,
                RelTo = Countries(spec.RelTo),
                DisplayOnly = Countries(spec.DisplayOnly),
                FedOnly = spec.FedOnly,
                NeedToKnow = spec.NeedToKnow,
            };
        }
        HashSet<string> Tags(params string[] tags) => new(tags, StringComparer.Ordinal);
        bool Illustrative(int i) => i % 2 == 1;
        var orgKinds = Enum.GetValues<OrganizationKind>();
        var programKinds = Enum.GetValues<ProgramKind>();
        var funding = Enum.GetValues<FundingStatus>();
        var agreementKinds = Enum.GetValues<AgreementKind>();

        for (var i = 0; i < n; i++)
        {
            // Each record points at records of other markings, so a record one may read sits beside one one may not.
            var (next, after) = ((i + 1) % n, (i + 2) % n);

            var org = new Organization
            {
                Id = Id("org", i),
                Kind = orgKinds[i % orgKinds.Length],
                Country = OrganizationCountry(i),
                Name = $"Organization {Token("org", i)}",
                Names = [new OrganizationName { Lang = "en", Value = $"Organization {Token("org", i)}", Primary = true }],
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(org);
            records.Add(new Rec("organizations", org.Id, Token("org", i), i, org.Country, Tags(EnumText.ToSnake(org.Kind)), null, org.Illustrative));

            var facility = new Facility
            {
                Id = Id("fac", i),
                OrganizationId = Id("org", next),
                Name = $"Facility {Token("fac", i)}",
                Country = FacilityCountry(i),
                Region = "Matrix region",
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(facility);
            records.Add(new Rec("facilities", facility.Id, Token("fac", i), i, facility.Country, Tags(), null, facility.Illustrative));

            var code = i % 2 == 0 ? "MX.SUB" : "MX.OTHER";
            var capability = new FacilityCapability
            {
                Id = Id("cap", i),
                FacilityId = Id("fac", next),
                CapabilityCode = code,
                Evidence = $"Evidence {Token("cap", i)}",
                MaxPerMonth = 10 + i,
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(capability);
            records.Add(new Rec("capabilities", capability.Id, Token("cap", i), i, null, Tags("MX", code), null, capability.Illustrative));

            var part = new Part
            {
                Id = Id("part", i),
                Name = $"Part {Token("part", i)}",
                EndItem = i % 2 == 0,
                Weapon = i % 3 == 0,
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(part);
            records.Add(new Rec("parts", part.Id, Token("part", i), i, null,
                Tags([part.EndItem ? "end_item" : "component", .. part.Weapon ? new[] { "weapon" } : []]), null, part.Illustrative));

            // An offer's id is its token: nothing else names it but the rows that are about it.
            var offer = new SourcingOffer
            {
                Id = Token("off", i),
                PartId = Id("part", next),
                FacilityId = Id("fac", after),
                CapacityPerMonth = 5,
                LeadTimeDays = 30,
                UnitCostUsd = 100,
                Qualified = true,
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(offer);
            records.Add(new Rec("offers", offer.Id, offer.Id, i, null, Tags(), null, offer.Illustrative));
            // Offer i makes part i+1 and consumes part i+3, which offer i+2 makes: a bill of materials and an approved source.
            entities.Add(new OfferInput { OfferId = offer.Id, InputPartId = Id("part", (i + 3) % n), QuantityPerUnit = 2 });
            entities.Add(new ApprovedSource { OfferId = offer.Id, InputPartId = Id("part", (i + 3) % n), SourceOfferId = Token("off", after) });

            var program = new DefenseProgram
            {
                Id = Id("prog", i),
                Kind = programKinds[i % programKinds.Length],
                Name = $"Program {Token("prog", i)}",
                EndItemPartIds = [Id("part", next)],
                WorkPackages = [new WorkPackage { Id = Id("wp", i), ProgramId = Id("prog", i), Name = $"Work package {Token("wp", i)}", RequiredCapabilities = ["MX.SUB"] }],
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(program);
            records.Add(new Rec("programs", program.Id, Token("prog", i), i, null, Tags(EnumText.ToSnake(program.Kind)), null, program.Illustrative));
            records.Add(new Rec("workpackages", Id("wp", i), Token("wp", i), i, null, Tags(), null, false));

            var requirement = new Requirement
            {
                Id = Id("req", i),
                ProgramId = Id("prog", next),
                CapabilityCodes = ["MX"],
                TitleEn = $"Requirement {Token("req", i)}",
                Quantity = 10 + i,
                NeedBy = new DateOnly(2026, 4, 1).AddMonths(3 * i),
                PublishedOn = new DateOnly(2026, 1, 1).AddDays(i),
                FundingStatus = funding[i % funding.Length],
                Status = RequirementStatus.Open,
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(requirement);
            records.Add(new Rec("requirements", requirement.Id, Token("req", i), i, null, Tags(EnumText.ToSnake(requirement.FundingStatus)), requirement.ProgramId, requirement.Illustrative));

            var agreement = new Agreement
            {
                Id = Id("agr", i),
                Kind = agreementKinds[i % agreementKinds.Length],
                TitleEn = $"Agreement {Token("agr", i)}",
                ProgramId = Id("prog", after),
                SignedOn = new DateOnly(2020, 1, 1).AddMonths(i),
                Marking = Mark(i),
                Illustrative = Illustrative(i),
            };
            entities.Add(agreement);
            records.Add(new Rec("agreements", agreement.Id, Token("agr", i), i, null, Tags(EnumText.ToSnake(agreement.Kind)), agreement.ProgramId, agreement.Illustrative));
        }
        return (records, entities);
    }

    /// <summary>The principal behind a viewer, with program memberships dated around <see cref="Today"/> (bounds included).</summary>
    public static Principal ToPrincipal(Viewer v) => new()
    {
        Id = v.Id!,
        Name = "Matrix " + v.Id,
        Nationality = v.Nationality is null ? null : Musubi.Core.Countries.ToAlpha2(v.Nationality),
        Roles = [Roles.Viewer],
        CuiAccess = v.Cui,
        Federal = v.Federal,
        Disabled = v.Disabled,
        Memberships = v.Membership switch
        {
            // A member of another program only: membership of one program opens no other.
            Membership.None => [new ProgramMembership { Program = "mx-other", From = Today.AddYears(-1) }],
            // Starts today (From is inclusive).
            Membership.Active => [new ProgramMembership { Program = NeedToKnowProgram, From = Today, To = Today.AddDays(1) }],
            // Ended today (To is exclusive).
            Membership.Expired => [new ProgramMembership { Program = NeedToKnowProgram, From = Today.AddYears(-1), To = Today }],
            // Starts tomorrow.
            _ => [new ProgramMembership { Program = NeedToKnowProgram, From = Today.AddDays(1) }],
        },
    };
}
