using Appliance.Server.Hosting;

return await ApplianceApp.RunAsync(args);
