-- replylint for Neovim (0.7.2 and later): live warnings in support replies.
--
--   require('replylint').setup{}            -- reply buffers: text, markdown, mail, yaml, json …
--   require('replylint').setup{
--     cmd = { 'replylint-lsp' },            -- or { '/path/to/.venv/bin/replylint-lsp' }
--     filetypes = { 'text', 'markdown' },   -- also sent to the server as its 'languages'
--     untyped = true,                       -- buffers without a filetype (files with no extension)
--     settings = { lang = 'ru', ignore = { 'internal-jargon' }, debounce = 300 },
--     on_attach = function(client, bufnr) end,
--   }
--
-- Uses vim.lsp.start_client + vim.lsp.buf_attach_client (vim.lsp.start needs 0.8), one
-- client per project root, so it works on Debian's Neovim 0.7.2. Configuration files
-- (.replylint.toml, pyproject.toml) are attached too, so the server reads their unsaved
-- text and edits them through the buffer (the allow-list action) instead of on disk.
local M = {}

local defaults = {
  cmd = { 'replylint-lsp' },
  cmd_env = nil,
  filetypes = { 'text', 'markdown', 'mail', 'gitcommit', 'yaml', 'json', 'csv' },
  untyped = true,
  config_files = { '.replylint.toml', 'replylint.toml', 'pyproject.toml' },
  root_markers = { '.replylint.toml', 'replylint.toml', 'pyproject.toml', '.git' },
  settings = {},
  on_attach = nil,
  capabilities = nil,
}

-- The server's 'languages' follow the plugin's filetypes (one file-type setting), unless
-- the settings name their own.
local function server_settings()
  local settings = vim.deepcopy(M.config.settings)
  if settings.languages == nil then
    settings.languages = vim.deepcopy(M.config.filetypes)
  end
  return settings
end

M.config = vim.deepcopy(defaults)
M.clients = {} -- root dir -> client id

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

-- The nearest folder holding one of the root markers, else the file's folder (else cwd).
function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and dirname(vim.fn.fnamemodify(name, ':p')) or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.findfile(marker, start .. ';')
    if found == '' then
      found = vim.fn.finddir(marker, start .. ';')
    end
    if found ~= '' then
      return dirname(vim.fn.fnamemodify(found, ':p:s?/$??'))
    end
  end
  return start
end

local function client_alive(id)
  local client = id and vim.lsp.get_client_by_id(id)
  return client ~= nil and not client.is_stopped()
end

local function start(root)
  local cfg = M.config
  local settings = server_settings()
  return vim.lsp.start_client({
    name = 'replylint',
    cmd = cfg.cmd,
    cmd_env = cfg.cmd_env,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = settings,
    settings = { replylint = settings },
    capabilities = cfg.capabilities,
    on_attach = cfg.on_attach,
    flags = { debounce_text_changes = 50 }, -- the server waits for a pause in typing itself
  })
end

-- Attach the buffer to the replylint client of its project, starting it if needed.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local root = M.root_dir(bufnr)
  local id = M.clients[root]
  if not client_alive(id) then
    id = start(root)
    if not id then
      vim.notify('replylint: could not start ' .. table.concat(M.config.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    M.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Send new settings to the running servers (they re-check the open buffers).
function M.update_settings(settings)
  M.config.settings = vim.tbl_deep_extend('force', M.config.settings, settings or {})
  local current = server_settings()
  for _, id in pairs(M.clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      client.config.settings = { replylint = current }
      client.notify('workspace/didChangeConfiguration', { settings = { replylint = current } })
    end
  end
end

-- Stop every replylint client and attach the loaded buffers again.
function M.restart()
  local buffers = {}
  for root, id in pairs(M.clients) do
    local client = vim.lsp.get_client_by_id(id)
    if client then
      for _, buf in ipairs(vim.lsp.get_buffers_by_client_id(id)) do
        table.insert(buffers, buf)
      end
      client.stop()
    end
    M.clients[root] = nil
  end
  vim.defer_fn(function()
    for _, buf in ipairs(buffers) do
      if vim.api.nvim_buf_is_loaded(buf) then
        M.attach(buf)
      end
    end
  end, 500)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup('replylint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- No FileType event fires for a buffer without a filetype (a file with no extension):
  -- look once the other autocommands (filetype detection among them) have run.
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = '*',
    callback = function(args)
      vim.schedule(function()
        if not vim.api.nvim_buf_is_valid(args.buf) then
          return
        end
        local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':t')
        local untyped = M.config.untyped and vim.bo[args.buf].filetype == ''
        if untyped or vim.tbl_contains(M.config.config_files, name) then
          M.attach(args.buf)
        end
      end)
    end,
  })
  vim.api.nvim_create_user_command('ReplylintRestart', M.restart, { desc = 'Restart the replylint language server' })
  -- Buffers opened before setup().
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.config.filetypes, vim.bo[buf].filetype) then
      M.attach(buf)
    end
  end
end

return M
