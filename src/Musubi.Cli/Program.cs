using Musubi.Cli;
using Musubi.Engines.Optimization.Workshare;

// The workshare allocator's cutoff proof runs this program again as its child (ADR 0030); the argument is not a command.
if (args is [WorkshareProofProcess.Command])
{
    return WorkshareProofProcess.RunChild(Console.OpenStandardInput(), Console.Out, Console.Error);
}
WorkshareProofProcess.Enable();
return await MusubiCli.RunAsync(args);
