-- Headless Neovim (0.7, Debian's) as an LSP client of pqcert, for tests and
-- as the configuration the README documents. PQCERT names the server binary.
local server = os.getenv("PQCERT") or "pqcert"

vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = { "*.pq", "*.pqm" },
  callback = function(args)
    vim.bo[args.buf].filetype = "powerquery"
    local root = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ":p:h")
    local id = vim.lsp.start_client({ name = "pqcert", cmd = { server, "serve", "--stdio" }, root_dir = root })
    vim.lsp.buf_attach_client(args.buf, id)
  end,
})

-- report waits for pqcert's diagnostics and prints them as JSON lines on
-- stdout, then quits; status 1 when none arrived in time.
function report()
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
    table.insert(out, string.format('{"line":%d,"col":%d,"code":"%s","source":"%s"}', d.lnum, d.col, code, d.source or ""))
  end
  io.stdout:write(table.concat(out, "\n") .. "\n")
  vim.cmd(ok and "qall!" or "cquit!")
end
