namespace Musubi.Core.Features.Registry;

public enum OrganizationKind { Government, Prime, Supplier, University, ResearchInstitute, TradeAssociation }

public enum ProgramKind { CoDevelopment, CoProduction, LicensedProduction, FmsCase, Mro, Research }

public enum FundingStatus { Funded, Planned, Unfunded, Rnd }

public enum ContractingPath { Fms, Dcs, National, Ota }

public enum RequirementStatus { Draft, Open, Awarded, Closed, Cancelled }

public enum AgreementKind { EquipmentTransfer, ReciprocalProcurement, SecurityOfSupply, InformationSecurity, RdteMou, ProjectAgreement }

public enum FiveCategory { Rescue, Transport, Warning, Surveillance, Minesweeping }

/// <summary>Enum values as written in files and URLs: <c>co_development</c> for <c>CoDevelopment</c>.</summary>
public static class EnumText
{
    public static string ToSnake<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        return Import.Values.Snake(char.ToLowerInvariant(name[0]) + name[1..]);
    }

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var compact = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), compact, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    public static string Allowed<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(ToSnake));
}
