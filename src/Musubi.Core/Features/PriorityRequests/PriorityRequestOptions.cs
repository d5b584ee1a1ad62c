namespace Musubi.Core.Features.PriorityRequests;

/// <summary>
/// The workflow's settings (configuration section <c>Musubi:PriorityRequests</c>). The defaults are illustrative, not
/// taken from any agreement: docs/priority-requests.md, "Time limits", says why they are what they are.
/// </summary>
public sealed class PriorityRequestOptions
{
    public const string Section = "Musubi:PriorityRequests";

    /// <summary>Business days the acting party has in each timed state (accepted states are due at the promised date).</summary>
    public PriorityTimeLimits TimeLimits { get; set; } = new();

    /// <summary>Minutes between escalation sweeps in the web host.</summary>
    public double SweepMinutes { get; set; } = 5;

    /// <summary>The shortest surge-planning horizon of an impact (months; longer when the needed-by month is further out).</summary>
    public int ImpactMinimumMonths { get; set; } = 24;
}

/// <summary>Business days allowed in each state before the request is escalated.</summary>
public sealed class PriorityTimeLimits
{
    /// <summary>The receiving government acknowledges a submitted request (moves it to review) within this many business days.</summary>
    public int Submitted { get; set; } = 2;

    /// <summary>The receiving government reviews and forwards (or rejects) within this many business days.</summary>
    public int UnderReview { get; set; } = 5;

    /// <summary>The supplier answers a forwarded request within this many business days.</summary>
    public int Forwarded { get; set; } = 10;

    /// <summary>After the promised date, a further escalation level every this many business days.</summary>
    public int Delivery { get; set; } = 5;
}
