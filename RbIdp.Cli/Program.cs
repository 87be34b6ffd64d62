using RbIdp.Cli;

return await CheckCommand.RunAsync(args, Console.Out, Console.Error);
