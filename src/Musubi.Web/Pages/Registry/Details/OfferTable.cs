using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

/// <summary>Sourcing offers as a table: by part (on a facility's page) or by facility (on a part's page).</summary>
/// <param name="Names">Names of the parts or facilities the offers point at, as the reader may see them.</param>
public sealed record OfferTable(IReadOnlyList<SourcingOffer> Offers, IReadOnlyDictionary<string, LocalName> Names, bool ShowPart);
