using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Musubi.Core.Features.Generate;

namespace Musubi.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Build()
    {
        var organizations = new Option<int>("--organizations") { Description = "organizations to make", DefaultValueFactory = _ => 1000 };
        var parts = new Option<int>("--parts") { Description = "parts to make", DefaultValueFactory = _ => 10000 };
        var tiers = new Option<int>("--tiers") { Description = "BOM levels, end items included", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "random seed: the same options write the same bytes", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "folder to write the package into", Required = true };
        var offersPerPart = new Option<double>("--offers-per-part") { Description = "mean offers per part", DefaultValueFactory = _ => 2.0 };
        var approved = new Option<double>("--approved-per-input") { Description = "mean approved sources per restricted (offer, input)", DefaultValueFactory = _ => 1.5 };
        var singleSource = new Option<double>("--single-source-share") { Description = "share of parts with one qualified offer", DefaultValueFactory = _ => 0.15 };
        var cycles = new Option<double>("--cycle-share") { Description = "share of parts given a BOM back-edge (0 = acyclic)", DefaultValueFactory = _ => 0.0 };
        var command = new Command("generate", "Write a synthetic supply-network package (deterministic for a seed) for benchmarks and engine tests.")
        {
            organizations, parts, tiers, seed, output, offersPerPart, approved, singleSource, cycles,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new GeneratorOptions
            {
                Organizations = parse.GetValue(organizations),
                Parts = parse.GetValue(parts),
                Tiers = parse.GetValue(tiers),
                Seed = parse.GetValue(seed),
                OffersPerPart = parse.GetValue(offersPerPart),
                ApprovedSourcesPerInput = parse.GetValue(approved),
                SingleSourceShare = parse.GetValue(singleSource),
                CycleShare = parse.GetValue(cycles),
            };
            var problems = SyntheticPackageGenerator.Check(options);
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await Console.Error.WriteLineAsync(p);
                }
                return ExitCodes.BadInput;
            }
            var stopwatch = Stopwatch.StartNew();
            var s = SyntheticPackageGenerator.Write(options, parse.GetValue(output)!);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {s.Organizations:N0} organizations, {s.Facilities:N0} facilities, {s.Parts:N0} parts, {s.Offers:N0} offers, {s.OfferInputs:N0} offer inputs, {s.ApprovedSources:N0} approved sources in {stopwatch.Elapsed.TotalSeconds:F1} s"));
            return ExitCodes.Success;
        });
        return command;
    }
}
