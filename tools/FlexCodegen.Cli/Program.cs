using System;
using System.IO;
using FlexCodegen.Cli;

return CommandLine.Run(args, Console.Out, Console.Error);
