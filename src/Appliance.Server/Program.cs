using Appliance.Server.Hosting;

var app = ApplianceApp.Create(args);
await app.RunAsync();
