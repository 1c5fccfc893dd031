// What the Local host's route files use: the route list and the Local host's own hosting
// parts. A route file's feature stays an explicit using in its file.
global using ServerlessKomunitas.Hosting;
global using ServerlessKomunitas.Local.Hosting;
