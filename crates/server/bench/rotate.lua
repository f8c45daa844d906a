-- wrk script: requests the paths listed in $PATHS_FILE in turn, so that a run covers many
-- queries or articles instead of one cached answer.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
